/**
 * The methods each registered path answers, so that a known path called with another method gets
 * 405 (with `Allow`) and OPTIONS gets 204 (with `Allow`), instead of the router's 404.
 */
export class RouteTable {
  readonly #methodsByPath = new Map<string, Set<string>>();
  /** Paths with `:parameter` segments, matched segment by segment. */
  readonly #patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  /** A path, possibly with `:parameter` segments (one segment each, as the router matches them). */
  add(path: string, method: string): void {
    let methods: Set<string>;
    if (path.includes('/:')) {
      const entry = this.#patterns.get(path) ?? {
        pattern: new RegExp(
          `^${path
            .split('/')
            .map((segment) =>
              segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
            )
            .join('/')}$`,
        ),
        methods: new Set<string>(),
      };
      this.#patterns.set(path, entry);
      methods = entry.methods;
    } else {
      methods = this.#methodsByPath.get(path) ?? new Set<string>();
      this.#methodsByPath.set(path, methods);
    }
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    methods.add('OPTIONS');
  }

  /** The sorted methods allowed on the path of a request URL (query string ignored), if the path exists. */
  allowedMethods(url: string): string[] | undefined {
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const methods = this.#methodsByPath.get(path);
    if (methods !== undefined) return [...methods].sort();
    const matched = new Set<string>();
    for (const entry of this.#patterns.values()) {
      if (entry.pattern.test(path)) for (const method of entry.methods) matched.add(method);
    }
    return matched.size === 0 ? undefined : [...matched].sort();
  }
}
