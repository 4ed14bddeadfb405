/**
 * JSON text for a request body: non-finite doubles become MLflow's strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"` (plain JSON.stringify would send `null`, which the server rejects) and bigints
 * are sent as decimal strings (int64 fields accept numeric strings).
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isFinite(item)) {
      if (Number.isNaN(item)) return 'NaN';
      return item > 0 ? 'Infinity' : '-Infinity';
    }
    if (typeof item === 'bigint') return item.toString();
    return item;
  });
}

/**
 * A response body as a JSON value: an empty body or the literal `200 OK` is `{}` (as MLflow's
 * client reads them); text that is not JSON is returned as undefined.
 */
export function parseResponseJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '200 OK') return {};
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}
