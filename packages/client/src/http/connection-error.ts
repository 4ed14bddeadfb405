/** Error codes of failures to connect: the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN']);
/** Error codes of connections dropped while a request was under way: it may or may not have been handled. */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** undici's timeouts: the server took longer than the client's timeout to answer (or between chunks). */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** What kind of transport failure an error is. */
export type ConnectionFailure = 'not-sent' | 'dropped' | 'timeout' | undefined;

/**
 * 'not-sent' (refused, unresolvable host), 'dropped' (reset mid-request), 'timeout' (no answer in
 * time; not retried: the server may still be working on it), or undefined for anything else.
 */
export function classifyConnectionError(error: unknown): ConnectionFailure {
  const codes = codesOf(error);
  if (codes.some((code) => NOT_SENT_CODES.has(code))) return 'not-sent';
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return 'timeout';
  if (codes.some((code) => DROPPED_CODES.has(code))) return 'dropped';
  return undefined;
}

/** The first error code found on an error or its causes, for messages. */
export function connectionErrorCode(error: unknown): string | undefined {
  return codesOf(error)[0];
}
