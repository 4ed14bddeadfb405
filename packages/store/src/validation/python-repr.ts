/**
 * Python `repr()` of the few shapes MLflow puts in tracking error messages: strings, lists and
 * dicts of strings (`['dup']`, `[{'key': 'a', 'old_value': '1'}]`).
 */
export type ReprValue = string | number | ReprValue[] | { [key: string]: ReprValue };

function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let output = quote;
  for (const character of text) {
    if (character === quote || character === '\\') output += `\\${character}`;
    else if (character === '\n') output += '\\n';
    else if (character === '\r') output += '\\r';
    else if (character === '\t') output += '\\t';
    else output += character;
  }
  return output + quote;
}

export function pythonRepr(value: ReprValue): string {
  if (typeof value === 'string') return stringRepr(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${stringRepr(key)}: ${pythonRepr(item)}`)
    .join(', ')}}`;
}

/** Python's float repr for the values MLflow echoes in messages (`1.0`, `0.5`, `nan`, `inf`). */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? `${value}.0` : String(value);
}
