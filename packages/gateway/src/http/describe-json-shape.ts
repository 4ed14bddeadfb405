const MAXIMUM_KEYS_NAMED = 5;

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** The JSON type name of a value: string, number, boolean, null, list or object. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * A short description of a JSON value's shape (never its content), for error messages:
 * `a string`, `an empty list`, `a list of 2 numbers`, `an object with keys "a", "b"`.
 */
export function describeJsonShape(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list';
    const types = new Set(value.map((item) => jsonTypeName(item)));
    const itemType = types.size === 1 ? [...types][0]! : 'mixed item';
    const plural = value.length === 1 ? itemType : `${itemType}s`;
    return `a list of ${value.length} ${plural}`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty object';
    const named = keys
      .slice(0, MAXIMUM_KEYS_NAMED)
      .map((key) => JSON.stringify(key))
      .join(', ');
    return `an object with key${keys.length === 1 ? '' : 's'} ${named}${keys.length > MAXIMUM_KEYS_NAMED ? ', …' : ''}`;
  }
  return article(typeof value);
}
