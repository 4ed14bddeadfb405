import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Why a request was refused, as S3 names it. */
export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

export interface SignedRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded). */
  rawPath: string;
  /** The query string exactly as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/s3\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const MAXIMUM_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 escaping as SigV4 wants it (`encodeURIComponent` plus `!'()*`). */
function escapeStrict(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const key = decodeURIComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeURIComponent(pair.slice(equals + 1));
    return [escapeStrict(key), escapeStrict(value)] as const;
  });
  pairs.sort(([leftKey, leftValue], [rightKey, rightValue]) =>
    leftKey === rightKey ? (leftValue < rightValue ? -1 : 1) : leftKey < rightKey ? -1 : 1,
  );
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0, hour ?? 0, minute ?? 0, second ?? 0);
}

/**
 * Checks a request's AWS Signature Version 4 (header form) the way S3 does: the access key, the
 * date and scope, that `host`, `x-amz-date` and `x-amz-content-sha256` are signed, and the
 * signature over the canonical request. Returns the declared payload hash (a hex SHA-256,
 * `UNSIGNED-PAYLOAD` or a `STREAMING-…` mode) or the refusal.
 */
export function checkSignature(
  request: SignedRequest,
  credentials: S3Credentials,
  region: string,
): { payloadHash: string } | { refusal: S3Refusal } {
  const refuse = (status: number, code: string, message: string) => ({ refusal: { status, code, message } });
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) return refuse(403, 'AccessDenied', 'Anonymous requests are not allowed.');
  const match = AUTHORIZATION.exec(authorization);
  if (match === null)
    return refuse(400, 'AuthorizationHeaderMalformed', `Unexpected Authorization: ${authorization}`);
  const [, accessKeyId, scopeDate, scopeRegion, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) {
    return refuse(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  if (scopeRegion !== region) {
    return refuse(
      400,
      'AuthorizationHeaderMalformed',
      `The region '${scopeRegion}' is wrong; expecting '${region}'.`,
    );
  }
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined || !amzDate.startsWith(scopeDate ?? '')) {
    return refuse(403, 'AccessDenied', `Missing or inconsistent x-amz-date '${amzDate}'.`);
  }
  if (Math.abs(Date.now() - signedAt) > MAXIMUM_CLOCK_SKEW_MS) {
    return refuse(
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the server time is too large.',
    );
  }
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined)
    return refuse(400, 'InvalidRequest', 'Missing required header x-amz-content-sha256.');
  const signedHeaders = (signedHeaderList ?? '').split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
    if (!signedHeaders.includes(required))
      return refuse(403, 'AccessDenied', `Header '${required}' must be signed.`);
  }
  const canonicalHeaders: string[] = [];
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return refuse(403, 'AccessDenied', `Signed header '${name}' is missing.`);
    canonicalHeaders.push(`${name}:${value}`);
  }
  const canonicalRequest = [
    request.method,
    request.rawPath,
    canonicalQuery(request.rawQuery),
    `${canonicalHeaders.join('\n')}\n`,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${scopeDate}/${region}/s3/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, scopeDate ?? ''), region), 's3'),
    'aws4_request',
  );
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(signature ?? '', 'hex'))) {
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  return { payloadHash };
}
