/**
 * The fields of a GET request's query string: a repeated field gets the list of all its values
 * (`experiment_ids=1&experiment_ids=2`), any other field its first value, as a string. Unknown keys
 * come along too; the RPC's schema ignores them.
 */
export function decodeQueryFields(
  query: string,
  repeatedFields: ReadonlySet<string>,
): Record<string, unknown> {
  const fields = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of new URLSearchParams(query)) {
    if (repeatedFields.has(key)) {
      const values = fields[key];
      if (Array.isArray(values)) values.push(value);
      else fields[key] = [value];
    } else if (!(key in fields)) {
      fields[key] = value;
    }
  }
  return fields;
}
