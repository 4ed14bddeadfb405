/** Where a loaded model reports warnings (params ignored, extra input columns dropped …). */
export interface ModelLogger {
  warn(message: string): void;
}

/** The default logger: warnings go to stderr, like MLflow's. */
export const consoleModelLogger: ModelLogger = {
  warn(message) {
    console.warn(`[millrace] ${message}`);
  },
};

/** A logger that drops everything. */
export const silentModelLogger: ModelLogger = {
  warn() {},
};
