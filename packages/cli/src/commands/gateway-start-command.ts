import { Command, Option } from 'commander';
import { environmentDefault, integerOption } from '../options/parse-options.js';

/**
 * The gateway server command, under both of MLflow's names: `deployments start-server`
 * (MLflow 2.x) and `gateway start` (MLflow 3).
 */
export function createGatewayStartCommand(name: string): Command {
  const parsePort = integerOption('port', 0, 65535);
  return new Command(name)
    .description(
      'Start the gateway (MLflow deployments server): config.yaml endpoints, MLflow and OpenAI-compatible routes, hot reload.',
    )
    .addOption(
      new Option(
        '--config-path <path>',
        'gateway config YAML; reloaded when the file changes (env MLFLOW_GATEWAY_CONFIG)',
      )
        .default(process.env.MLFLOW_GATEWAY_CONFIG)
        .makeOptionMandatory(),
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--port <port>', 'port to listen on').argParser(parsePort).default(5000))
    .addOption(
      new Option('--workers <count>', 'number of gateway processes (env MLFLOW_GATEWAY_WORKERS)')
        .argParser(integerOption('workers', 1, 256))
        .default(environmentDefault('MLFLOW_GATEWAY_WORKERS', integerOption('workers', 1, 256)) ?? 1),
    )
    .option(
      '--strict',
      'refuse to start (or reload) when a served-model endpoint cannot answer its endpoint type',
      false,
    )
    .option(
      '--rate-limit-storage <uri>',
      'where endpoint rate-limit counters live: memory:// (per process) or redis://host:port/db (shared by replicas)',
      'memory://',
    )
    .addOption(
      new Option(
        '--admin-token <token>',
        'enables the endpoints API (POST/PATCH/DELETE /api/2.0/endpoints/…) for this bearer token, 16+ characters; changes are written to the config file (env MILLRACE_GATEWAY_ADMIN_TOKEN)',
      ).default(process.env.MILLRACE_GATEWAY_ADMIN_TOKEN, 'unset: the endpoints API answers 403'),
    )
    .action(
      async (options: {
        configPath: string;
        host: string;
        port: number;
        workers: number;
        strict: boolean;
        rateLimitStorage: string;
        adminToken?: string;
      }) => {
        const { serveGateway } = await import('../serve/serve-gateway.js');
        process.exitCode = await serveGateway(options);
      },
    );
}
