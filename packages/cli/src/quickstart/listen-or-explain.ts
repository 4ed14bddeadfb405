import { MillraceError } from '@millrace/core';
import type { ListeningApp } from '../serve/run-server.js';

/**
 * Listens on 127.0.0.1:`port`; a port already in use becomes one sentence a newcomer can act on
 * (the app is closed first).
 */
export async function listenOrExplain(app: ListeningApp, port: number, what: string): Promise<string> {
  try {
    return await app.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await app.close();
    if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      throw new MillraceError(
        'INVALID_STATE',
        `port ${port} (for the ${what}) is already in use. Stop what uses it, or choose other ports: ` +
          '`millrace quickstart --port <base port>` (the quickstart uses five ports from it), or --port 0 for free ones.',
      );
    }
    throw error;
  }
}
