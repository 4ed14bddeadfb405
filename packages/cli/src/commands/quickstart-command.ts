import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { MillraceError } from '@millrace/core';
import { loadModel, saveModel } from '@millrace/models';
import { createScoringApp } from '@millrace/scoring-server';
import { integerOption } from '../options/parse-options.js';
import { readJsonFile } from '../options/read-json-file.js';
import { MILLRACE_VERSION } from '../version.js';

/** The custom LLM example of the repository (examples/custom-llm), found from this file. */
function findExampleDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    resolve(here, '../../../../examples/custom-llm'),
    resolve('examples/custom-llm'),
  ]) {
    if (existsSync(join(candidate, 'model.ts'))) return candidate;
  }
  throw new MillraceError(
    'RESOURCE_DOES_NOT_EXIST',
    'The quickstart needs the examples/custom-llm folder of the Millrace repository; run it from a clone.',
  );
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/**
 * `millrace quickstart`: saves the custom LLM example model, serves it, queries it once and keeps
 * serving until Ctrl-C. (Later milestones add the tracking server, registry and gateway to it.)
 */
export function createQuickstartCommand(): Command {
  return new Command('quickstart')
    .description(
      'Save the example custom LLM model, serve it, query it once, and keep it running until Ctrl-C.',
    )
    .addOption(
      new Option('-p, --port <port>', 'port for the model server')
        .argParser(integerOption('port', 0, 65535))
        .default(5000),
    )
    .option('--workdir <directory>', 'where the quickstart keeps its files', '.millrace/quickstart')
    .action(async (options: { port: number; workdir: string }) => {
      const example = findExampleDirectory();
      const modelDirectory = resolve(options.workdir, 'custom-llm');
      say(`1/3 Saving the example model (${join(example, 'model.ts')}) to ${modelDirectory}`);
      await rm(modelDirectory, { recursive: true, force: true });
      await saveModel({
        path: modelDirectory,
        code: join(example, 'model.ts'),
        artifacts: { snapshot: join(example, 'snapshot') },
        inputExample: await readJsonFile(join(example, 'input-example.json'), 'input example'),
        params: (await readJsonFile(join(example, 'params.json'), 'params')) as Record<string, unknown>,
      });

      say('2/3 Loading and serving it');
      const model = await loadModel(modelDirectory);
      const app = createScoringApp({ model, version: MILLRACE_VERSION });
      const address = await app.listen({ host: '127.0.0.1', port: options.port });

      const request = {
        dataframe_split: { columns: ['prompt'], data: [['Tell me about rivers']] },
        params: { max_tokens: 24 },
      };
      say(`3/3 Querying ${address}/invocations with ${JSON.stringify(request)}`);
      const response = await fetch(`${address}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      say(`    -> ${response.status} ${await response.text()}`);
      say('');
      say(`The model is served at ${address} (model directory: ${modelDirectory}). Try:`);
      say(`  curl -s ${address}/invocations -H 'Content-Type: application/json' \\`);
      say(
        `    -d '{"inputs": {"prompt": ["What is MLflow?"]}, "params": {"temperature": 0.5, "max_tokens": 16}}'`,
      );
      say(`  curl -s ${address}/metadata    curl -s ${address}/metrics`);
      say('Press Ctrl-C to stop.');

      await new Promise<void>((done) => {
        const stop = (): void => void app.close().then(() => done());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
