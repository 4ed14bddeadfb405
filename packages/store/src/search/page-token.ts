import { MillraceError } from '@millrace/core';

/*
 * Page tokens are offsets, written exactly as MLflow writes them: base64 of `{"offset": N}`
 * (`eyJvZmZzZXQiOiAyfQ==` is offset 2). Clients treat them as opaque. Offsets are simple and
 * stateless; like MLflow's, a page can shift when runs are created or deleted between requests.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function invalidToken(detail: string): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', `Invalid page token, ${detail}`);
}

export function encodePageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

/** The offset a page token stands for; 0 for no token. Malformed tokens are INVALID_PARAMETER_VALUE. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  if (!BASE64.test(token) || token.length % 4 !== 0) throw invalidToken('could not base64-decode');
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch {
    throw invalidToken(`decoded value=${JSON.stringify(decoded)}`);
  }
  const offset =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>).offset
      : undefined;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw invalidToken(`parsed value=${decoded}`);
  }
  return offset;
}

/** The token of the page after one that started at `offset`, when rows beyond it exist. */
export function nextPageToken(offset: number, pageSize: number, hasMore: boolean): string | undefined {
  return hasMore ? encodePageToken(offset + pageSize) : undefined;
}
