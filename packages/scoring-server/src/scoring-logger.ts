/** Where the scoring server reports what goes wrong on the server side (console and pino fit). */
export interface ScoringLogger {
  warn(message: string): void;
  error(message: string): void;
}

/** The default logger: warnings and errors on stderr, nothing per request. */
export const consoleScoringLogger: ScoringLogger = {
  warn: (message) => console.warn(`[millrace scoring-server] ${message}`),
  error: (message) => console.error(`[millrace scoring-server] ${message}`),
};
