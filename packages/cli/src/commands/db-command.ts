import { Command } from 'commander';
import { DEFAULT_ARTIFACT_ROOT } from './server-command.js';

/** `millrace db upgrade <url>`: runs the backend store's migrations (MLflow's `mlflow db upgrade`). */
export function createDbCommand(): Command {
  const db = new Command('db').description('Manage the tracking database.');
  db.addCommand(
    new Command('upgrade')
      .description('Upgrade the schema of a tracking database to the latest version.')
      .argument('<url>', 'the database: sqlite:///path.db or postgresql://…')
      .option(
        '--default-artifact-root <uri>',
        'artifact root of the Default experiment when it is created',
        DEFAULT_ARTIFACT_ROOT,
      )
      .action(async (url: string, options: { defaultArtifactRoot: string }) => {
        const { redactUri, upgradeDatabase } = await import('../serve/serve-tracking.js');
        const applied = await upgradeDatabase(url, options.defaultArtifactRoot);
        process.stdout.write(
          applied.length === 0
            ? `${redactUri(url)} is up to date\n`
            : `${redactUri(url)}: applied ${applied.join(', ')}\n`,
        );
      }),
  );
  return db;
}
