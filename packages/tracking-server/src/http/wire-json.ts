/**
 * A JSON value as the tracking API writes it: int64 values may be bigints (written with all their
 * digits), doubles may be NaN or ±Infinity (written as the strings "NaN", "Infinity",
 * "-Infinity"), and object fields that are `undefined` are left out (unset proto fields).
 */
export type WireValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly WireValue[]
  | { readonly [field: string]: WireValue };

function writeNumber(value: number): string {
  if (Number.isFinite(value)) return JSON.stringify(value);
  if (Number.isNaN(value)) return '"NaN"';
  return value > 0 ? '"Infinity"' : '"-Infinity"';
}

function write(value: WireValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return writeNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${(value as readonly WireValue[]).map(write).join(',')}]`;
  const record = value as { readonly [field: string]: WireValue };
  const fields: string[] = [];
  for (const field in record) {
    const item = record[field];
    if (item !== undefined) fields.push(`${JSON.stringify(field)}:${write(item)}`);
  }
  return `{${fields.join(',')}}`;
}

/** Serialises a response body: proto-JSON conventions of MLflow (see WireValue). */
export function serializeWireJson(value: WireValue): string {
  return write(value);
}
