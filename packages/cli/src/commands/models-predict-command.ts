import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { MillraceError } from '@millrace/core';
import { parseEnvManager } from '../options/env-manager.js';
import { MILLRACE_VERSION } from '../version.js';

const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv' } as const;

async function readStandardInput(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `millrace models predict`: one prediction through exactly the scoring server's parsing,
 * enforcement and serialisation (the app is called in-process, no socket), printed as the
 * server would answer it.
 */
export function createModelsPredictCommand(): Command {
  return new Command('predict')
    .description(
      'Predict once with a model, reading a request body in the /invocations format (JSON or CSV).',
    )
    .requiredOption('-m, --model-uri <uri>', 'model to use: a local path, file:, runs:/ or models:/ URI')
    .option('-i, --input-path <path>', 'file with the request body (default: standard input)')
    .option('-o, --output-path <path>', 'file to write the predictions to (default: standard output)')
    .addOption(
      new Option('-t, --content-type <type>', 'format of the input').choices(['json', 'csv']).default('json'),
    )
    .addOption(
      new Option(
        '--env-manager <manager>',
        'accepted for MLflow compatibility; Millrace models always run in this Node.js',
      )
        .argParser(parseEnvManager)
        .default('local'),
    )
    .option('--install-mlflow', 'accepted for MLflow compatibility; has no effect')
    .action(
      async (options: {
        modelUri: string;
        inputPath?: string;
        outputPath?: string;
        contentType: 'json' | 'csv';
      }) => {
        const body = options.inputPath ? await readFile(options.inputPath) : await readStandardInput();
        const [{ loadModel }, { createScoringApp }, { resolveModelDirectory }, { CLI_FLAVORS }] =
          await Promise.all([
            import('@millrace/models'),
            import('@millrace/scoring-server'),
            import('../options/resolve-model-directory.js'),
            import('../serve/model-flavors.js'),
          ]);
        const model = await loadModel(await resolveModelDirectory(options.modelUri), {
          flavors: CLI_FLAVORS,
        });
        const app = createScoringApp({ model, version: MILLRACE_VERSION });
        try {
          const response = await app.inject({
            method: 'POST',
            url: '/invocations',
            headers: { 'content-type': CONTENT_TYPES[options.contentType] },
            payload: body,
          });
          if (response.statusCode !== 200) {
            const error = JSON.parse(response.body) as { error_code?: string; message?: string };
            throw new MillraceError(
              (error.error_code as MillraceError['errorCode'] | undefined) ?? 'INTERNAL_ERROR',
              error.message ?? response.body,
            );
          }
          if (options.outputPath) await writeFile(options.outputPath, response.body);
          else process.stdout.write(`${response.body}\n`);
        } finally {
          await app.close();
        }
      },
    );
}
