import { MlflowClient } from '@millrace/client';

/** Runs a command with a tracking client (MLFLOW_TRACKING_URI or --tracking-uri) and closes it after. */
export async function withTrackingClient<T>(
  trackingUri: string | undefined,
  use: (client: MlflowClient) => Promise<T>,
): Promise<T> {
  const client = new MlflowClient({ trackingUri });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** Prints rows as an aligned text table (what MLflow's CLI prints for searches). */
export function printTable(columns: string[], rows: string[][]): void {
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns)}\n${line(widths.map((width) => '-'.repeat(width)))}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

export const TRACKING_URI_OPTION = [
  '--tracking-uri <uri>',
  'the tracking server (default: MLFLOW_TRACKING_URI)',
] as const;
