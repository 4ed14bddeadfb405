import { Command } from 'commander';
import { createArtifactsCommand } from './commands/artifacts-command.js';
import { createDbCommand } from './commands/db-command.js';
import { createExperimentsCommand } from './commands/experiments-command.js';
import { createRunsCommand } from './commands/runs-command.js';
import { createServerCommand } from './commands/server-command.js';
import { createDeploymentsQueryCommand } from './commands/deployments-query-command.js';
import { createGatewayStartCommand } from './commands/gateway-start-command.js';
import { createModelsPredictCommand } from './commands/models-predict-command.js';
import { createModelsSaveCommand } from './commands/models-save-command.js';
import { createModelsServeCommand } from './commands/models-serve-command.js';
import { createQuickstartCommand } from './commands/quickstart-command.js';
import { MILLRACE_VERSION } from './version.js';

/** The `millrace` command tree. Commands mirror MLflow's CLI where MLflow has them. */
export function createProgram(): Command {
  const program = new Command('millrace')
    .description(
      'Millrace: an MLflow-compatible platform for logging, registering, serving and routing LLMs.',
    )
    .version(MILLRACE_VERSION, '--version', 'print the Millrace version')
    .showHelpAfterError('(run with --help for usage)');

  program.addCommand(createServerCommand());
  program.addCommand(createDbCommand());
  program.addCommand(createExperimentsCommand());
  program.addCommand(createRunsCommand());
  program.addCommand(createArtifactsCommand());

  const models = new Command('models').description('Save, serve and predict with models.');
  models.addCommand(createModelsServeCommand());
  models.addCommand(createModelsPredictCommand());
  models.addCommand(createModelsSaveCommand());
  program.addCommand(models);

  const deployments = new Command('deployments').description(
    'Run and query the gateway (MLflow deployments server).',
  );
  deployments.addCommand(createGatewayStartCommand('start-server'));
  deployments.addCommand(createDeploymentsQueryCommand());
  program.addCommand(deployments);

  const gateway = new Command('gateway').description("The gateway, under MLflow 3's command name.");
  gateway.addCommand(createGatewayStartCommand('start'));
  program.addCommand(gateway);
  program.addCommand(createQuickstartCommand());
  return program;
}
