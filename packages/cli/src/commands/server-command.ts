import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import { environmentDefault, integerOption } from '../options/parse-options.js';

export const DEFAULT_BACKEND_STORE_URI = 'sqlite:///mlflow.db';
export const DEFAULT_ARTIFACT_ROOT = 'mlflow-artifacts:/';

/** `millrace server`: MLflow's `mlflow server`, with its flags and defaults. */
export function createServerCommand(): Command {
  const parsePort = integerOption('port', 0, 65535);
  return new Command('server')
    .description('Run the tracking server and model registry (MLflow REST API) on SQLite or PostgreSQL.')
    .helpOption('--help', 'display help for command')
    .addOption(
      new Option(
        '--backend-store-uri <uri>',
        'sqlite:///path.db or postgresql://user@host:port/db (env MLFLOW_BACKEND_STORE_URI)',
      ).default(process.env.MLFLOW_BACKEND_STORE_URI || DEFAULT_BACKEND_STORE_URI),
    )
    .addOption(
      new Option(
        '--default-artifact-root <uri>',
        'artifact root of new experiments (env MLFLOW_DEFAULT_ARTIFACT_ROOT)',
      ).default(
        process.env.MLFLOW_DEFAULT_ARTIFACT_ROOT || undefined,
        `${DEFAULT_ARTIFACT_ROOT} when serving artifacts, else ./mlruns`,
      ),
    )
    .addOption(
      new Option('-h, --host <host>', 'address to listen on (env MLFLOW_HOST)').default(
        process.env.MLFLOW_HOST || '127.0.0.1',
      ),
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (env MLFLOW_PORT)')
        .argParser(parsePort)
        .default(environmentDefault('MLFLOW_PORT', parsePort) ?? 5000),
    )
    .addOption(
      new Option('-w, --workers <count>', 'number of server processes')
        .argParser(integerOption('workers', 1, 256))
        .default(1),
    )
    .option(
      '--artifacts-destination <uri>',
      'where the server stores proxied artifacts (mlflow-artifacts:/…): a directory or s3://bucket/prefix',
      './mlartifacts',
    )
    .option('--serve-artifacts', 'proxy artifact uploads and downloads through this server (default)', true)
    .option(
      '--no-serve-artifacts',
      'do not proxy artifacts; clients then need direct access to the artifact root',
    )
    .option(
      '--static-prefix <prefix>',
      'serve every route under this path prefix, e.g. /mlflow (env MLFLOW_STATIC_PREFIX)',
      process.env.MLFLOW_STATIC_PREFIX,
    )
    .action(
      async (options: {
        backendStoreUri: string;
        defaultArtifactRoot?: string;
        host: string;
        port: number;
        workers: number;
        staticPrefix?: string;
        artifactsDestination: string;
        serveArtifacts: boolean;
      }) => {
        const { serveTracking } = await import('../serve/serve-tracking.js');
        process.exitCode = await serveTracking({
          ...options,
          defaultArtifactRoot:
            options.defaultArtifactRoot ??
            (options.serveArtifacts ? DEFAULT_ARTIFACT_ROOT : pathToFileURL(resolve('mlruns')).href),
        });
      },
    );
}
