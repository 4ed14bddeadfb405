import { Command } from 'commander';
import { printTable, TRACKING_URI_OPTION, withTrackingClient } from './with-tracking-client.js';
import { toViewType, viewTypeOption } from './view-type-option.js';

/** `millrace experiments create|search|delete|restore|rename`, as MLflow's CLI. */
export function createExperimentsCommand(): Command {
  const experiments = new Command('experiments').description('Manage experiments on the tracking server.');

  experiments.addCommand(
    new Command('create')
      .description('Create an experiment.')
      .requiredOption('-n, --experiment-name <name>', 'the experiment name')
      .option(
        '-l, --artifact-location <uri>',
        "where its runs keep artifacts (default: the server's artifact root)",
      )
      .option(...TRACKING_URI_OPTION)
      .action(
        async (options: { experimentName: string; artifactLocation?: string; trackingUri?: string }) => {
          const id = await withTrackingClient(options.trackingUri, (client) =>
            client.createExperiment(options.experimentName, { artifactLocation: options.artifactLocation }),
          );
          process.stdout.write(`Created experiment '${options.experimentName}' with id ${id}\n`);
        },
      ),
  );

  experiments.addCommand(
    new Command('search')
      .description('List experiments.')
      .addOption(viewTypeOption())
      .option(...TRACKING_URI_OPTION)
      .action(async (options: { view: string; trackingUri?: string }) => {
        const rows = await withTrackingClient(options.trackingUri, async (client) => {
          const found: string[][] = [];
          let pageToken: string | undefined;
          do {
            const page = await client.searchExperiments({ viewType: toViewType(options.view), pageToken });
            for (const experiment of page.items) {
              found.push([experiment.experimentId, experiment.name, experiment.artifactLocation]);
            }
            pageToken = page.nextPageToken;
          } while (pageToken);
          return found;
        });
        printTable(['Experiment Id', 'Name', 'Artifact Location'], rows);
      }),
  );

  for (const [name, description, verb] of [
    ['delete', 'Mark an experiment deleted (restorable).', 'deleteExperiment'],
    ['restore', 'Restore a deleted experiment.', 'restoreExperiment'],
  ] as const) {
    experiments.addCommand(
      new Command(name)
        .description(description)
        .requiredOption('-x, --experiment-id <id>', 'the experiment id')
        .option(...TRACKING_URI_OPTION)
        .action(async (options: { experimentId: string; trackingUri?: string }) => {
          await withTrackingClient(options.trackingUri, (client) => client[verb](options.experimentId));
          process.stdout.write(`Experiment with id ${options.experimentId} has been ${name}d.\n`);
        }),
    );
  }

  experiments.addCommand(
    new Command('rename')
      .description('Rename an experiment.')
      .requiredOption('-x, --experiment-id <id>', 'the experiment id')
      .requiredOption('--new-name <name>', 'the new name')
      .option(...TRACKING_URI_OPTION)
      .action(async (options: { experimentId: string; newName: string; trackingUri?: string }) => {
        await withTrackingClient(options.trackingUri, (client) =>
          client.renameExperiment(options.experimentId, options.newName),
        );
        process.stdout.write(
          `Experiment with id ${options.experimentId} has been renamed to '${options.newName}'.\n`,
        );
      }),
  );
  return experiments;
}
