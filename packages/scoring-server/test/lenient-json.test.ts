import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../src/parsing/lenient-json.js';

function parseError(text: string): MillraceError {
  try {
    parseJsonBody(text);
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('parseJsonBody', () => {
  it('parses strict JSON', () => {
    expect(parseJsonBody('{"a": [1, 2.5, "x", null, true]}')).toEqual({ a: [1, 2.5, 'x', null, true] });
  });

  it("accepts Python's bare NaN, Infinity and -Infinity tokens", () => {
    const value = parseJsonBody('{"inputs": [[NaN, 1.0], [Infinity, -Infinity]]}') as { inputs: number[][] };
    expect(value.inputs[0]?.[0]).toBeNaN();
    expect(value.inputs[0]?.[1]).toBe(1);
    expect(value.inputs[1]).toEqual([Infinity, -Infinity]);
  });

  it('leaves the same words inside strings alone, including escaped quotes', () => {
    const value = parseJsonBody('{"s": "NaN and -Infinity \\" NaN", "n": NaN, "t": "Infinity"}') as Record<
      string,
      unknown
    >;
    expect(value.s).toBe('NaN and -Infinity " NaN');
    expect(value.n).toBeNaN();
    expect(value.t).toBe('Infinity');
  });

  it('keeps strings that look like the internal NaN sentinel', () => {
    const value = parseJsonBody('{"a": "\\ue000", "b": "\ue001", "c": NaN}') as Record<string, unknown>;
    expect(value.a).toBe('\ue000');
    expect(value.b).toBe('\ue001');
    expect(value.c).toBeNaN();
  });

  it('rejects malformed JSON with 400 BAD_REQUEST and the parser message, without the body', () => {
    const error = parseError('{"dataframe_split": {"columns": ["prompt"], "data": [["hi"]]');
    expect(error.errorCode).toBe('BAD_REQUEST');
    expect(error.httpStatus).toBe(400);
    expect(error.message).toMatch(
      /^Invalid input\. Ensure that input is a valid JSON formatted string\. Error: /,
    );
    expect(error.message).not.toContain('prompt');
  });

  it('cuts the input quote V8 puts into "Unexpected token" messages', () => {
    const error = parseError('secret-payload-that-must-not-be-echoed');
    expect(error.message).toBe(
      "Invalid input. Ensure that input is a valid JSON formatted string. Error: Unexpected token 's' in JSON",
    );
  });

  it('reports errors after a NaN at their true position', () => {
    const error = parseError('[NaN, 1 2]');
    expect(error.message).toContain("Expected ',' or ']' after array element in JSON at position 8");
  });

  it('rejects an empty body', () => {
    expect(parseError('').message).toMatch(/Error: Unexpected end of JSON input$/);
  });
});
