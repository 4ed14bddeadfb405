/** Orders strings by Unicode code points, as Python's `sorted()` does for `str`. */
export function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const leftCode = left.codePointAt(index) ?? 0;
    const rightCode = right.codePointAt(index) ?? 0;
    if (leftCode !== rightCode) {
      return leftCode - rightCode;
    }
    if (leftCode > 0xffff) {
      index += 1;
    }
  }
  return left.length - right.length;
}
