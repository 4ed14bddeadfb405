/** Work to finish before the process exits (flush metrics, end runs); failures are reported, not thrown. */
export type ExitTask = () => Promise<void>;

const tasks = new Set<ExitTask>();
let installed = false;
let running = false;

/** Runs every exit task once; failures go to stderr and set a non-zero exit code. */
export async function runExitTasks(): Promise<void> {
  for (const task of [...tasks]) {
    try {
      await task();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`millrace: logging to the tracking server failed before exit: ${message}\n`);
      process.exitCode = process.exitCode === undefined || process.exitCode === 0 ? 1 : process.exitCode;
    }
  }
}

function onBeforeExit(): void {
  // beforeExit fires again once this work is done; then nothing is pending and the process exits.
  if (running) return;
  running = true;
  void runExitTasks().finally(() => {
    running = false;
  });
}

/**
 * Registers work to do when the event loop empties (`beforeExit`: a normal end of the program,
 * not `process.exit()` nor a crash).
 */
export function registerExitTask(task: ExitTask): void {
  tasks.add(task);
  if (!installed) {
    installed = true;
    process.on('beforeExit', onBeforeExit);
  }
}
