import { Command } from 'commander';
import { printTable, TRACKING_URI_OPTION, withTrackingClient } from './with-tracking-client.js';
import { toViewType, viewTypeOption } from './view-type-option.js';

/** `millrace runs list|describe|delete|restore`, as MLflow's CLI. */
export function createRunsCommand(): Command {
  const runs = new Command('runs').description('Inspect runs on the tracking server.');

  runs.addCommand(
    new Command('list')
      .description('List the runs of an experiment.')
      .requiredOption('--experiment-id <id>', 'the experiment id')
      .addOption(viewTypeOption())
      .option(...TRACKING_URI_OPTION)
      .action(async (options: { experimentId: string; view: string; trackingUri?: string }) => {
        const rows = await withTrackingClient(options.trackingUri, async (client) => {
          const found: string[][] = [];
          let pageToken: string | undefined;
          do {
            const page = await client.searchRuns([options.experimentId], {
              runViewType: toViewType(options.view),
              pageToken,
            });
            for (const run of page.items) {
              found.push([
                new Date(run.info.startTime).toISOString(),
                run.info.runName,
                run.info.runId,
                run.info.status,
              ]);
            }
            pageToken = page.nextPageToken;
          } while (pageToken);
          return found;
        });
        printTable(['Date', 'Name', 'ID', 'Status'], rows);
      }),
  );

  runs.addCommand(
    new Command('describe')
      .description('Print a run (info, params, metrics, tags) as JSON.')
      .requiredOption('--run-id <id>', 'the run id')
      .option(...TRACKING_URI_OPTION)
      .action(async (options: { runId: string; trackingUri?: string }) => {
        const run = await withTrackingClient(options.trackingUri, (client) => client.getRun(options.runId));
        process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      }),
  );

  for (const [name, description, verb] of [
    ['delete', 'Mark a run deleted (restorable).', 'deleteRun'],
    ['restore', 'Restore a deleted run.', 'restoreRun'],
  ] as const) {
    runs.addCommand(
      new Command(name)
        .description(description)
        .requiredOption('--run-id <id>', 'the run id')
        .option(...TRACKING_URI_OPTION)
        .action(async (options: { runId: string; trackingUri?: string }) => {
          await withTrackingClient(options.trackingUri, (client) => client[verb](options.runId));
          process.stdout.write(`Run with id ${options.runId} has been ${name}d.\n`);
        }),
    );
  }
  return runs;
}
