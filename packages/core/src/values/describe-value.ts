import { isPlainObject } from './is-plain-object.js';

const SHORT_VALUE_LENGTH = 40;

/**
 * A JavaScript-flavoured name for the type of a value, used in error messages where MLflow
 * prints a Python type name: `string`, `number`, `boolean`, `null`, `array`, `object`,
 * `Buffer`, `Uint8Array`, `Date`, or a class name.
 */
export function describeValueType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value !== 'object') {
    return typeof value;
  }
  if (isPlainObject(value)) {
    return 'object';
  }
  if (Buffer.isBuffer(value)) {
    return 'Buffer';
  }
  const constructorName: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof constructorName === 'string' && constructorName !== '' ? constructorName : 'object';
}

function truncate(text: string): string {
  const characters = Array.from(text);
  return characters.length > SHORT_VALUE_LENGTH
    ? `${characters.slice(0, SHORT_VALUE_LENGTH).join('')}...`
    : text;
}

/**
 * A short rendering of an offending value for an error message: scalars as text (strings cut
 * to 40 characters), containers only by their size, so a message never echoes the input data.
 */
export function formatShortValue(value: unknown): string {
  if (typeof value === 'string') {
    return truncate(value);
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === null || value === undefined) {
    return String(value);
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (value instanceof Uint8Array) {
    return `<${value.length} bytes>`;
  }
  if (Array.isArray(value)) {
    return `<array of ${value.length} items>`;
  }
  if (isPlainObject(value)) {
    return `<object with ${Object.keys(value).length} keys>`;
  }
  return `<${describeValueType(value)}>`;
}
