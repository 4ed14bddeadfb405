import http from 'node:http';

export interface HttpExchange {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The response Content-Type, or null when there is none. */
  contentType: string | null;
  body: string;
}

export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Sends one request over real HTTP/1.1 with exactly the given headers (plus Host and
 * Content-Length), as the vectors were recorded, and reads the whole answer.
 */
export function sendRequest(baseUrl: string, request: HttpRequest): Promise<HttpExchange> {
  const url = new URL(request.path, baseUrl);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers: Record<string, string> = { 'accept-encoding': 'identity', ...request.headers };
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: request.method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          contentType: response.headers['content-type'] ?? null,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The media type of a Content-Type value (without parameters). */
export function mediaType(contentType: string | null): string | null {
  return contentType === null ? null : (contentType.split(';')[0] ?? '').trim();
}

/** POSTs a JSON body to /invocations. */
export function postJson(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpExchange> {
  return sendRequest(baseUrl, {
    method: 'POST',
    path: '/invocations',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
