import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { compareArtifactPaths, joinArtifactPath, normalizeArtifactPath } from '../src/index.js';
import { TRAVERSAL_PATHS } from './support/traversal-paths.js';

function refusal(path: string): MillraceError | undefined {
  try {
    normalizeArtifactPath(path);
    return undefined;
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
}

describe('normalizeArtifactPath', () => {
  it.each(TRAVERSAL_PATHS)('refuses %j with 400 INVALID_PARAMETER_VALUE "Invalid path"', (path) => {
    const error = refusal(path);
    expect(error?.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error?.httpStatus).toBe(400);
    expect(error?.message).toBe('Invalid path');
  });

  it('keeps safe paths, dropping empty and `.` segments', () => {
    expect(normalizeArtifactPath(undefined)).toBe('');
    expect(normalizeArtifactPath('')).toBe('');
    expect(normalizeArtifactPath('.')).toBe('');
    expect(normalizeArtifactPath('1/abc/artifacts/model/MLmodel')).toBe('1/abc/artifacts/model/MLmodel');
    expect(normalizeArtifactPath('./a//b/./c/')).toBe('a/b/c');
    expect(normalizeArtifactPath('..hidden/file..txt')).toBe('..hidden/file..txt');
    expect(normalizeArtifactPath('uni côde.txt')).toBe('uni côde.txt');
  });

  it('allows percent signs that do not hide a traversal', () => {
    expect(normalizeArtifactPath('100%.txt')).toBe('100%.txt');
    expect(normalizeArtifactPath('a%20b.txt')).toBe('a%20b.txt');
    expect(normalizeArtifactPath('%E2%82%AC.txt')).toBe('%E2%82%AC.txt');
    expect(normalizeArtifactPath('%zz%2')).toBe('%zz%2');
  });
});

describe('artifact path helpers', () => {
  it('joins paths, skipping the root', () => {
    expect(joinArtifactPath('', '1/run', '', 'model')).toBe('1/run/model');
    expect(joinArtifactPath('', '')).toBe('');
  });

  it('orders by code point, as S3 orders keys', () => {
    const names = ['z', 'é', 'B', 'a', '𝒳', 'ﬀ'];
    expect([...names].sort(compareArtifactPaths)).toEqual(['B', 'a', 'z', 'é', 'ﬀ', '𝒳']);
  });
});
