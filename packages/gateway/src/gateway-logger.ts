/** Where the gateway reports config reloads, refused configs and internal errors (never per request on success). */
export interface GatewayLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** The default logger: one line per event on stderr. */
export const consoleGatewayLogger: GatewayLogger = {
  info: (message) => console.error(`[millrace gateway] ${message}`),
  warn: (message) => console.error(`[millrace gateway] warning: ${message}`),
  error: (message, error) =>
    console.error(
      `[millrace gateway] error: ${message}${error === undefined ? '' : `\n${describeError(error)}`}`,
    ),
};

export const silentGatewayLogger: GatewayLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
