/**
 * JSON text for files a model directory holds: bytes as base64 (MLflow's encoding of binary
 * values), dates as ISO-8601 strings, NaN/Infinity as null, bigints as numbers.
 */
export function toJsonText(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    function replace(this: Record<string, unknown>, key: string, converted: unknown): unknown {
      const original = this[key];
      if (original instanceof Uint8Array) {
        return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
      }
      if (typeof converted === 'bigint') {
        return Number(converted);
      }
      return converted;
    },
    indent,
  );
}
