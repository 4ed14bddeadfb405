/** One page of a search: the items and the token of the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** `{key, value}` pairs as sent on the wire, from a map. */
export function toKeyValueList(
  map: Readonly<Record<string, unknown>> | undefined,
): { key: string; value: string }[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value: String(value) }));
}
