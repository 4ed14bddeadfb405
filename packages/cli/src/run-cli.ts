import cluster from 'node:cluster';
import { setTransferProgress } from '@millrace/client';
import { MillraceError } from '@millrace/core';
import { createTransferProgressBars } from './progress/transfer-progress-bars.js';
import { createProgram } from './program.js';

/**
 * Runs the CLI. Errors become one line on stderr and exit code 1: a MillraceError with its
 * code, anything else with its message; the stack only with MILLRACE_DEBUG=1.
 */
export async function runCli(argv: string[]): Promise<void> {
  // Large artifact transfers (artifacts log-artifact/download, logModel, models:/ downloads) draw
  // a progress bar when stderr is a terminal.
  setTransferProgress(createTransferProgressBars());
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    if (MillraceError.isInstance(error)) {
      process.stderr.write(`millrace: error: ${error.message} (${error.errorCode})\n`);
    } else {
      process.stderr.write(`millrace: error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    if (process.env.MILLRACE_DEBUG === '1' && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 1;
  }
  // A cluster worker stays alive through its IPC channel to the primary: leave explicitly
  // once its command is done (served and stopped, or failed to start).
  if (cluster.isWorker) process.exit(process.exitCode ?? 0);
}
