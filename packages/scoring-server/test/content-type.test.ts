import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { negotiateContentType } from '../src/http/content-type.js';

function refusal(header: string | undefined): MillraceError {
  try {
    negotiateContentType(header);
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`expected ${String(header)} to be refused`);
}

describe('negotiateContentType', () => {
  it('accepts application/json and text/csv, with or without charset=utf-8 in any case and spacing', () => {
    expect(negotiateContentType('application/json')).toBe('json');
    expect(negotiateContentType('text/csv')).toBe('csv');
    expect(negotiateContentType('application/json; charset=utf-8')).toBe('json');
    expect(negotiateContentType('application/json;charset=UTF-8')).toBe('json');
    expect(negotiateContentType('text/csv; charset="utf-8"')).toBe('csv');
    expect(negotiateContentType('application/json;')).toBe('json');
  });

  it('refuses other charsets with 415 BAD_REQUEST and MLflow message', () => {
    const error = refusal('application/json; charset=latin-1');
    expect(error.httpStatus).toBe(415);
    expect(error.errorCode).toBe('BAD_REQUEST');
    expect(error.message).toBe('The scoring server only supports UTF-8');
  });

  it('refuses parameters other than charset, naming them', () => {
    const error = refusal('application/json; format=pandas-split');
    expect(error.httpStatus).toBe(415);
    expect(error.message).toMatch(/^Unrecognized content type parameters: format\./);
  });

  it('refuses other media types, compared case-sensitively like MLflow', () => {
    for (const header of ['application/csv', 'text/plain', 'Application/JSON', 'application/x-ndjson']) {
      const error = refusal(header);
      expect(error.httpStatus).toBe(415);
      expect(error.message).toBe(
        `This predictor only supports the following content types: Types: ['text/csv', 'application/json']. Got '${header}'.`,
      );
    }
  });

  it('refuses a missing or empty header with 415 instead of crashing', () => {
    for (const header of [undefined, '', '  ']) {
      const error = refusal(header);
      expect(error.httpStatus).toBe(415);
      expect(error.message).toMatch(/^Missing Content-Type header\./);
    }
  });
});
