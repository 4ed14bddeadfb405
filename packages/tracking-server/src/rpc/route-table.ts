/**
 * The methods each registered path answers, so that a known path called with another method gets
 * 405 (with `Allow`) and OPTIONS gets 204 (with `Allow`), instead of the router's 404.
 */
export class RouteTable {
  readonly #methodsByPath = new Map<string, Set<string>>();

  add(path: string, method: string): void {
    const methods = this.#methodsByPath.get(path) ?? new Set<string>();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    methods.add('OPTIONS');
    this.#methodsByPath.set(path, methods);
  }

  /** The sorted methods allowed on the path of a request URL (query string ignored), if the path exists. */
  allowedMethods(url: string): string[] | undefined {
    const queryStart = url.indexOf('?');
    const methods = this.#methodsByPath.get(queryStart === -1 ? url : url.slice(0, queryStart));
    return methods === undefined ? undefined : [...methods].sort();
  }
}
