/**
 * Python/numpy/pandas type names reported by MLflow's echo models, and the JavaScript type names
 * our echo fixtures report for the same value (see fixtures/echo-types.ts). One table, so the
 * conformance test compares what the model saw rather than how each language names it.
 */
export const PYTHON_TYPE_NAMES: Readonly<Record<string, string>> = {
  str: 'string',
  str_: 'string',
  int: 'number',
  float: 'number',
  float32: 'number',
  float64: 'number',
  int32: 'number',
  int64: 'number',
  bool: 'boolean',
  NoneType: 'null',
  list: 'array',
  ndarray: 'array',
  dict: 'object',
  bytes: 'Buffer',
  bytes_: 'Buffer',
  Timestamp: 'Date',
  /** A DataFrame reaches custom TypeScript models as an array of row objects. */
  DataFrame: 'rows',
};

/** Keys that only describe numpy/pandas storage (dtypes, shapes), which JavaScript has no notion of. */
const STORAGE_KEYS = new Set(['dtypes', 'dtype', 'shape']);
const TYPE_LIST_KEYS = new Set(['item_types', 'message_types', 'param_types']);

function typeName(name: unknown): unknown {
  if (typeof name !== 'string') return name;
  const mapped = PYTHON_TYPE_NAMES[name];
  if (mapped === undefined) throw new Error(`no JavaScript equivalent listed for the Python type '${name}'`);
  return mapped;
}

function mapTypeNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(typeName);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, typeName(item)]));
  }
  return value;
}

/** A cell's value as our serialiser writes it: bytes as plain base64, Timestamps as UTC ISO strings. */
function cellValue(type: unknown, value: unknown): unknown {
  if ((type === 'bytes' || type === 'bytes_') && typeof value === 'string') return value.replace(/\n/g, '');
  if (type === 'Timestamp' && typeof value === 'string') return new Date(`${value}Z`).toISOString();
  return value;
}

/**
 * MLflow's recorded answer rewritten into what Millrace should answer for the same model: Python
 * type names mapped through PYTHON_TYPE_NAMES, storage-only keys dropped, bytes and Timestamps
 * written the way our serialiser writes Buffers and Dates.
 */
export function normaliseMlflowAnswer(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseMlflowAnswer);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (STORAGE_KEYS.has(key) || key.endsWith('_dtype')) continue;
    if (key === 'type' || key.endsWith('_type')) result[key] = typeName(item);
    else if (TYPE_LIST_KEYS.has(key)) result[key] = mapTypeNames(item);
    else if (key === 'value' && 'type' in record)
      result[key] = normaliseMlflowAnswer(cellValue(record.type, item));
    else result[key] = normaliseMlflowAnswer(item);
  }
  return result;
}
