import { normalizeArtifactPath } from './artifact-path.js';

const PROXY_ROUTE = '/api/2.0/mlflow-artifacts/artifacts';

/**
 * The path inside the tracking server's artifacts destination that a proxied artifact URI names,
 * or `undefined` when the URI is not proxied. Proxied URIs: `mlflow-artifacts:/1/<run>/artifacts`,
 * `mlflow-artifacts://host:port/1/…` (the netloc only tells clients which server to ask), and
 * `http(s)://host[/base]/api/2.0/mlflow-artifacts/artifacts/1/…` (spec §3.5.2). The path is
 * checked as any artifact path (`..` and the like are refused).
 */
export function proxiedArtifactPath(uri: string): string | undefined {
  let rest: string | undefined;
  const proxied = /^mlflow-artifacts:(?:\/\/[^/?#]*)?([^?#]*)$/i.exec(uri);
  if (proxied !== null) {
    rest = proxied[1] ?? '';
  } else if (/^https?:\/\//i.test(uri)) {
    // The raw path: WHATWG URL parsing would resolve `..` and `%2e%2e` segments before they are checked.
    const pathname = /^https?:\/\/[^/?#]*([^?#]*)/i.exec(uri)?.[1] ?? '';
    const start = pathname.indexOf(PROXY_ROUTE);
    if (start === -1) return undefined;
    const after = pathname.slice(start + PROXY_ROUTE.length);
    if (after !== '' && !after.startsWith('/')) return undefined;
    try {
      rest = decodeURIComponent(after);
    } catch {
      return undefined;
    }
  } else {
    return undefined;
  }
  return normalizeArtifactPath(rest.replace(/^\/+/, ''));
}
