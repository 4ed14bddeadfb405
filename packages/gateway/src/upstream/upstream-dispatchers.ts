import { Pool } from 'undici';

interface PoolEntry {
  pool: Pool;
  references: number;
}

export interface UpstreamPoolOptions {
  /** Idle keep-alive time of an upstream connection. Default 30 s. */
  keepAliveTimeoutMs?: number;
  /** TCP connect timeout. Default 10 s. */
  connectTimeoutMs?: number;
}

/**
 * One undici keep-alive Pool per upstream origin, shared by every endpoint (and every config
 * generation) that calls that origin. Config generations acquire the origins they use and release
 * them when they retire; a pool closes gracefully (letting its in-flight requests finish) when no
 * generation uses it any more.
 */
export class UpstreamDispatchers {
  readonly #entries = new Map<string, PoolEntry>();
  readonly #options: Required<UpstreamPoolOptions>;

  constructor(options: UpstreamPoolOptions = {}) {
    this.#options = {
      keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 30_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    };
  }

  acquire(origin: string): Pool {
    let entry = this.#entries.get(origin);
    if (entry === undefined) {
      const pool = new Pool(origin, {
        pipelining: 1,
        keepAliveTimeout: this.#options.keepAliveTimeoutMs,
        keepAliveMaxTimeout: Math.max(this.#options.keepAliveTimeoutMs, 600_000),
        connect: { timeout: this.#options.connectTimeoutMs },
      });
      entry = { pool, references: 0 };
      this.#entries.set(origin, entry);
    }
    entry.references += 1;
    return entry.pool;
  }

  release(origin: string): void {
    const entry = this.#entries.get(origin);
    if (entry === undefined) return;
    entry.references -= 1;
    if (entry.references <= 0) {
      this.#entries.delete(origin);
      entry.pool.close().catch(() => undefined);
    }
  }

  get origins(): string[] {
    return [...this.#entries.keys()];
  }

  async closeAll(): Promise<void> {
    const pools = [...this.#entries.values()].map((entry) => entry.pool);
    this.#entries.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }
}
