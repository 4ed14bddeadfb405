import { Command } from 'commander';
import { MillraceError } from '@millrace/core';

function parseData(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `--data is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** `millrace deployments query`: one request to a gateway endpoint, printed as JSON. */
export function createDeploymentsQueryCommand(): Command {
  return new Command('query')
    .description('Query a gateway endpoint (POST /endpoints/<name>/invocations) and print the answer.')
    .requiredOption('--endpoint <name>', 'the endpoint to query')
    .requiredOption('--data <json>', 'the request body, e.g. \'{"prompt": "Hello", "max_tokens": 20}\'')
    .option(
      '--target-uri <url>',
      'the gateway (env MLFLOW_DEPLOYMENTS_TARGET)',
      process.env.MLFLOW_DEPLOYMENTS_TARGET || 'http://127.0.0.1:5000',
    )
    .action(async (options: { endpoint: string; data: string; targetUri: string }) => {
      const body = parseData(options.data);
      const url = new URL(
        `endpoints/${encodeURIComponent(options.endpoint)}/invocations`,
        `${options.targetUri.replace(/\/+$/, '')}/`,
      );
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch (error) {
        throw new MillraceError(
          'TEMPORARILY_UNAVAILABLE',
          `Cannot reach the gateway at ${options.targetUri}: ${(error as Error).cause ?? (error as Error).message}`,
        );
      }
      const text = await response.text();
      if (!response.ok) {
        let detail = text;
        try {
          const parsed = JSON.parse(text) as { detail?: unknown; message?: unknown };
          detail = String(parsed.detail ?? parsed.message ?? text);
        } catch {
          // not JSON: keep the text
        }
        throw new MillraceError('BAD_REQUEST', `The gateway answered ${response.status}: ${detail}`);
      }
      process.stdout.write(`${text}\n`);
    });
}
