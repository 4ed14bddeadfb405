import { createHash, createHmac } from 'node:crypto';
import type { RecordedRequest } from './fake-upstream.js';

export interface AwsTestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SigV4Check {
  valid: boolean;
  /** Why the signature is not valid (for assertion messages). */
  reason: string;
  signedHeaders: string[];
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX upper case). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function headerValue(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * Verifies a request's `Authorization: AWS4-HMAC-SHA256 …` header the way AWS does, from what the
 * server received (written from AWS's SigV4 description, independently of the signer under test):
 * canonical request (method, path with each segment URI-encoded again as non-S3 services expect,
 * sorted query, the signed headers' values, SHA-256 of the body), string to sign with the
 * `x-amz-date` timestamp and the credential scope, key derived from the secret through date,
 * region, service and `aws4_request`.
 */
export function verifySigV4(
  request: RecordedRequest,
  credentials: AwsTestCredentials,
  expected: { region: string; service: string },
): SigV4Check {
  const authorization = headerValue(request.headers.authorization);
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (match === null)
    return { valid: false, reason: `not a SigV4 header: ${authorization}`, signedHeaders: [] };
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match as unknown as string[];
  const signedHeaders = signedHeaderList!.split(';');
  const fail = (reason: string): SigV4Check => ({ valid: false, reason, signedHeaders });
  if (accessKeyId !== credentials.accessKeyId) return fail(`access key ${accessKeyId}`);
  if (region !== expected.region) return fail(`region ${region}`);
  if (service !== expected.service) return fail(`service ${service}`);
  const amzDate = headerValue(request.headers['x-amz-date']);
  if (!amzDate.startsWith(date!)) return fail(`x-amz-date ${amzDate} does not match the scope date ${date}`);
  if (!signedHeaders.includes('host')) return fail('host is not signed');
  if (!signedHeaders.includes('x-amz-date')) return fail('x-amz-date is not signed');

  const [rawPath, rawQuery = ''] = request.path.split('?', 2) as [string, string | undefined];
  const canonicalPath = rawPath
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
  const canonicalQuery = rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [key, value = ''] = pair.split('=', 2) as [string, string | undefined];
      return `${uriEncode(decodeURIComponent(key))}=${uriEncode(decodeURIComponent(value))}`;
    })
    .sort()
    .join('&');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${headerValue(request.headers[name])}\n`)
    .join('');
  const canonicalRequest = [
    request.method,
    canonicalPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    sha256Hex(request.bodyText),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date!), region!), service!),
    'aws4_request',
  );
  const computed = createHmac('sha256', key).update(stringToSign).digest('hex');
  return computed === signature
    ? { valid: true, reason: 'ok', signedHeaders }
    : fail(`signature mismatch (canonical request:\n${canonicalRequest})`);
}
