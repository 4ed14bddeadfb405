import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import { MillraceError } from '@millrace/core';
import { TRACKING_URI_OPTION, withTrackingClient } from './with-tracking-client.js';

/** `millrace artifacts list|download|log-artifact|log-artifacts`, as MLflow's CLI. */
export function createArtifactsCommand(): Command {
  const artifacts = new Command('artifacts').description('List, download and upload run artifacts.');

  artifacts.addCommand(
    new Command('list')
      .description('List the artifacts of a run (JSON).')
      .requiredOption('-r, --run-id <id>', 'the run id')
      .option('-a, --artifact-path <path>', "a directory inside the run's artifacts")
      .option(...TRACKING_URI_OPTION)
      .action(async (options: { runId: string; artifactPath?: string; trackingUri?: string }) => {
        const files = await withTrackingClient(options.trackingUri, (client) =>
          client.listArtifacts(options.runId, options.artifactPath),
        );
        process.stdout.write(
          `${JSON.stringify(
            files.map((file) => ({ path: file.path, is_dir: file.isDir, file_size: file.fileSize })),
            null,
            2,
          )}\n`,
        );
      }),
  );

  artifacts.addCommand(
    new Command('download')
      .description('Download artifacts (a file or a directory) and print the local path.')
      .option('-r, --run-id <id>', 'the run id (or give --artifact-uri)')
      .option('-a, --artifact-path <path>', "a file or directory inside the run's artifacts")
      .option('-u, --artifact-uri <uri>', 'an artifact URI, e.g. mlflow-artifacts:/1/<run>/artifacts/model')
      .option('-d, --dst-path <directory>', 'where to put the files (default: the local artifact cache)')
      .option(...TRACKING_URI_OPTION)
      .action(
        async (options: {
          runId?: string;
          artifactPath?: string;
          artifactUri?: string;
          dstPath?: string;
          trackingUri?: string;
        }) => {
          if ((options.runId === undefined) === (options.artifactUri === undefined)) {
            throw MillraceError.invalidParameterValue('Give exactly one of --run-id and --artifact-uri.');
          }
          const local = await withTrackingClient(options.trackingUri, (client) =>
            client.downloadArtifacts({
              runId: options.runId,
              artifactUri: options.artifactUri,
              artifactPath: options.artifactPath,
              destinationDirectory: options.dstPath,
            }),
          );
          process.stdout.write(`${local}\n`);
        },
      ),
  );

  artifacts.addCommand(
    new Command('log-artifact')
      .description("Upload a local file (or directory) into a run's artifacts.")
      .requiredOption('-l, --local-file <path>', 'the file to upload')
      .requiredOption('-r, --run-id <id>', 'the run id')
      .option('-a, --artifact-path <path>', "a directory inside the run's artifacts")
      .option(...TRACKING_URI_OPTION)
      .action(
        async (options: {
          localFile: string;
          runId: string;
          artifactPath?: string;
          trackingUri?: string;
        }) => {
          await stat(options.localFile).catch(() => {
            throw MillraceError.invalidParameterValue(`No such file: ${options.localFile}`);
          });
          await withTrackingClient(options.trackingUri, (client) =>
            client.logArtifact(options.runId, options.localFile, options.artifactPath),
          );
          process.stdout.write(
            `Logged artifact from local file ${options.localFile} to artifact_path=${options.artifactPath ?? ''}\n`,
          );
        },
      ),
  );

  artifacts.addCommand(
    new Command('log-artifacts')
      .description("Upload the content of a local directory into a run's artifacts.")
      .requiredOption('-l, --local-dir <path>', 'the directory to upload')
      .requiredOption('-r, --run-id <id>', 'the run id')
      .option('-a, --artifact-path <path>', "a directory inside the run's artifacts")
      .option(...TRACKING_URI_OPTION)
      .action(
        async (options: { localDir: string; runId: string; artifactPath?: string; trackingUri?: string }) => {
          await withTrackingClient(options.trackingUri, (client) =>
            client.logArtifacts(options.runId, options.localDir, options.artifactPath),
          );
          process.stdout.write(
            `Logged artifacts from ${options.localDir} to artifact_path=${options.artifactPath ?? ''}\n`,
          );
        },
      ),
  );
  return artifacts;
}
