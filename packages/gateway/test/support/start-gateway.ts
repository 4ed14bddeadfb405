import {
  type GatewayApp,
  type GatewayAppOptions,
  type GatewayLogger,
  createGatewayApp,
  parseGatewayConfig,
} from '../../src/index.js';

/** A logger that keeps every line (to assert on, e.g. that no secret is ever logged). */
export class CapturingLogger implements GatewayLogger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string, error?: unknown): void {
    this.lines.push(
      `error ${message}${error === undefined ? '' : ` ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}`,
    );
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface RunningGateway {
  url: string;
  gateway: GatewayApp;
  logger: CapturingLogger;
  close(): Promise<void>;
}

/** Starts a gateway from YAML text on 127.0.0.1 (a free port). */
export async function startGateway(
  yaml: string,
  options: { env?: Record<string, string>; app?: Partial<GatewayAppOptions> } = {},
): Promise<RunningGateway> {
  const logger = new CapturingLogger();
  const config = parseGatewayConfig(yaml, { env: options.env ?? {} });
  const gateway = await createGatewayApp({ config, logger, ...options.app });
  const address = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  // Clients may hold connections that never sent a request (undici opens spares); those are not
  // "idle" for node:http and would hold close() until the headers timeout.
  const close = async () => {
    const closing = gateway.app.close();
    gateway.app.server.closeAllConnections();
    await closing;
  };
  return { url: address, gateway, logger, close };
}
