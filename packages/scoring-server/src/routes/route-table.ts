/**
 * The methods each path answers, kept so that a request with the wrong method gets 405 with an
 * `Allow` header rather than the router's 404. GET routes answer HEAD too (fastify adds it).
 */
export class RouteTable {
  readonly #methodsByPath = new Map<string, string[]>();

  add(path: string, method: 'GET' | 'POST'): void {
    const methods = this.#methodsByPath.get(path) ?? [];
    methods.push(...(method === 'GET' ? ['GET', 'HEAD'] : [method]));
    this.#methodsByPath.set(path, methods);
  }

  /** The allowed methods for a request URL (query string and trailing slash ignored), if the path exists. */
  allowedMethods(url: string): string[] | undefined {
    return this.#methodsByPath.get(routePath(url));
  }
}

/** The path of a request URL as routes see it: without query string and trailing slash. */
export function routePath(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
