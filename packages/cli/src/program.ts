import { Command } from 'commander';
import { createModelsPredictCommand } from './commands/models-predict-command.js';
import { createModelsSaveCommand } from './commands/models-save-command.js';
import { createModelsServeCommand } from './commands/models-serve-command.js';
import { createQuickstartCommand } from './commands/quickstart-command.js';
import { MILLRACE_VERSION } from './version.js';

/** The `millrace` command tree. Commands mirror MLflow's CLI where MLflow has them. */
export function createProgram(): Command {
  const program = new Command('millrace')
    .description('Millrace: an MLflow-compatible platform for logging, registering, serving and routing LLMs.')
    .version(MILLRACE_VERSION, '--version', 'print the Millrace version')
    .showHelpAfterError('(run with --help for usage)');

  const models = new Command('models').description('Save, serve and predict with models.');
  models.addCommand(createModelsServeCommand());
  models.addCommand(createModelsPredictCommand());
  models.addCommand(createModelsSaveCommand());
  program.addCommand(models);
  program.addCommand(createQuickstartCommand());
  return program;
}
