/**
 * Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
 * decimal exponent is in [-4, 16), else in scientific notation with a signed exponent of at
 * least two digits (`1e-05`, `1.5e+16`); whole numbers keep a `.0` (`2.0`).
 */
export function formatPythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) {
    return 'nan';
  }
  if (value === Infinity) {
    return 'inf';
  }
  if (value === -Infinity) {
    return '-inf';
  }
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) {
    return `${sign}0.0`;
  }
  // toExponential() without an argument gives the shortest round-trip digits.
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const significand = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? '-' : '+';
    const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${significand}e${exponentSign}${exponentDigits}`;
  }
  if (exponent >= 0) {
    const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fractionPart = digits.slice(exponent + 1);
    return `${sign}${integerPart}.${fractionPart === '' ? '0' : fractionPart}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

/**
 * How Python prints a number that came from JSON: a safe integer as an int, anything else
 * as a float. `asFloat` forces float formatting (`1` → `1.0`) for values typed float/double.
 */
export function formatPythonNumber(value: number, asFloat = false): string {
  if (!asFloat && Number.isSafeInteger(value) && !Object.is(value, -0)) {
    return String(value);
  }
  return formatPythonFloatRepr(value);
}
