/**
 * JSON written with Python's `json.dumps` separators (`", "` and `": "`), for the few values
 * MLflow writes as JSON text that clients may read back (page tokens, the `mlflow.modelVersions`
 * tag of logged models).
 */
export function pythonStyleJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonStyleJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonStyleJson(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
