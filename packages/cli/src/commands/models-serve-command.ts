import { DEFAULT_BATCH_MAX_DELAY_MS, DEFAULT_BATCH_MAX_SIZE } from '@millrace/scoring-server';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseEnvManager } from '../options/env-manager.js';
import { environmentDefault, integerOption, positiveNumberOption } from '../options/parse-options.js';

const DEFAULT_MAX_BODY_MEGABYTES = 100;
const MAX_BATCH_SIZE = 4096;

/** A commander argument parser for a number of at least 0 (milliseconds). */
function nonNegativeNumberOption(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
      throw new InvalidArgumentError(`${name} must be a number of at least 0, got '${value}'.`);
    }
    return parsed;
  };
}

export function createModelsServeCommand(): Command {
  const parsePort = integerOption('port', 0, 65535);
  const parseTimeout = positiveNumberOption('timeout');
  const parseWorkers = integerOption('workers', 1, 256);
  return new Command('serve')
    .description(
      "Serve a model over HTTP with MLflow's scoring protocol: /invocations, /ping, /health, /version, plus /metadata and /metrics.",
    )
    .helpOption('--help', 'display help for command')
    .requiredOption('-m, --model-uri <uri>', 'model to serve: a local path, file:, runs:/ or models:/ URI')
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
      new Option(
        '-t, --timeout <seconds>',
        'per-request timeout; a request over it gets 504 (env MLFLOW_SCORING_SERVER_REQUEST_TIMEOUT)',
      )
        .argParser(parseTimeout)
        .default(environmentDefault('MLFLOW_SCORING_SERVER_REQUEST_TIMEOUT', parseTimeout) ?? 60),
    )
    .addOption(
      new Option(
        '-w, --workers <count>',
        'number of server processes, each with the model loaded (env MLFLOW_MODELS_WORKERS)',
      )
        .argParser(parseWorkers)
        .default(environmentDefault('MLFLOW_MODELS_WORKERS', parseWorkers) ?? 1),
    )
    .addOption(
      new Option('--max-body-size <megabytes>', 'largest request body accepted; larger ones get 413')
        .argParser(positiveNumberOption('max-body-size'))
        .default(DEFAULT_MAX_BODY_MEGABYTES),
    )
    .addOption(
      new Option(
        '--env-manager <manager>',
        'accepted for MLflow compatibility; Millrace models always run in this Node.js',
      )
        .argParser(parseEnvManager)
        .default('local'),
    )
    .addOption(
      new Option(
        '--batch-max-size <count>',
        'adaptive batching (models that can batch, e.g. embeddings): most requests per batch',
      )
        .argParser(integerOption('batch-max-size', 1, MAX_BATCH_SIZE))
        .default(DEFAULT_BATCH_MAX_SIZE),
    )
    .addOption(
      new Option(
        '--batch-max-delay-ms <milliseconds>',
        'adaptive batching: longest wait of a request for others to join its batch (0: next event-loop turn)',
      )
        .argParser(nonNegativeNumberOption('batch-max-delay-ms'))
        .default(DEFAULT_BATCH_MAX_DELAY_MS),
    )
    .option('--no-batching', 'predict every request on its own, even when the model can batch')
    .option('--no-conda', 'accepted for MLflow compatibility (same as --env-manager local)')
    .option('--install-mlflow', 'accepted for MLflow compatibility; has no effect')
    .action(async (options: ModelsServeOptions) => {
      const { serveModel } = await import('../serve/serve-model.js');
      process.exitCode = await serveModel({
        modelUri: options.modelUri,
        host: options.host,
        port: options.port,
        timeoutSeconds: options.timeout,
        workers: options.workers,
        maxBodyBytes: Math.round(options.maxBodySize * 1024 * 1024),
        batching: {
          enabled: options.batching,
          maxBatchSize: options.batchMaxSize,
          maxDelayMs: options.batchMaxDelayMs,
        },
      });
    });
}

interface ModelsServeOptions {
  modelUri: string;
  host: string;
  port: number;
  timeout: number;
  workers: number;
  maxBodySize: number;
  batchMaxSize: number;
  batchMaxDelayMs: number;
  batching: boolean;
}
