import { Command, Option } from 'commander';
import { integerOption } from '../options/parse-options.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * `millrace quickstart` (also `npm start`): the deployments walkthrough of the seeds in one command;
 * see `runQuickstart` (loaded when the command runs).
 */
export function createQuickstartCommand(): Command {
  return new Command('quickstart')
    .description(
      'Start a tracking server, log and register three models (embeddings, fill-mask, an instruct LLM), ' +
        'serve them, put the gateway in front, query each endpoint, and keep it all running until Ctrl-C.',
    )
    .addOption(
      new Option(
        '-p, --port <port>',
        'base port: tracking server on it, gateway on the next, the three models on the three after; 0 picks free ports',
      )
        .argParser(integerOption('port', 0, 65531))
        .default(5000),
    )
    .option(
      '--workdir <directory>',
      'where the quickstart keeps its files (database, models, config.yaml)',
      '.millrace/quickstart',
    )
    .option(
      '--embeddings-model <directory>',
      'your embeddings model: a saved model directory, or a Hugging Face-style ONNX folder (feature-extraction)',
    )
    .option(
      '--fill-mask-model <directory>',
      'your fill-mask model: a saved model directory, or a Hugging Face-style ONNX folder',
    )
    .option(
      '--llm-model <directory>',
      'your instruct LLM: a saved model directory (e.g. from millrace models save)',
    )
    .action(
      async (options: {
        port: number;
        workdir: string;
        embeddingsModel?: string;
        fillMaskModel?: string;
        llmModel?: string;
      }) => {
        const { runQuickstart } = await import('../quickstart/run-quickstart.js');
        await runQuickstart({ ...options, say });
      },
    );
}
