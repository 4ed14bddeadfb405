import type { ConfigProblems } from '../../config/config-problem.js';

/** Checks an `*_api_base` / `*_server_url` value: an absolute http(s) URL. */
export function parseBaseUrl(value: unknown, key: string, problems: ConfigProblems): URL | undefined {
  if (typeof value !== 'string' || value === '') {
    problems.add([key], value === undefined || value === null ? 'is required' : 'must be a URL string');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.add([key], 'is not a valid URL');
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.add([key], `must be an http or https URL, got ${url.protocol.slice(0, -1)}`);
    return undefined;
  }
  if (url.search !== '' || url.hash !== '') {
    problems.add([key], 'must not have a query string or fragment');
    return undefined;
  }
  return url;
}

/** An optional string option: undefined when absent, a problem when not a string. */
export function optionalString(
  raw: Record<string, unknown>,
  key: string,
  problems: ConfigProblems,
): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  problems.add([key], `must be a string${typeof value === 'number' ? ' (quote it in YAML)' : ''}`);
  return undefined;
}
