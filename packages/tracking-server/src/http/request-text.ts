import type { IncomingHttpHeaders } from 'node:http';
import { bodyTooLarge } from '@millrace/core';
import type { FastifyRequest } from 'fastify';

/** The request says it carries a body (a Content-Length above 0 or chunked encoding). */
export function hasRequestBody(headers: IncomingHttpHeaders): boolean {
  const declaredLength = headers['content-length'];
  return (
    headers['transfer-encoding'] !== undefined || (declaredLength !== undefined && declaredLength !== '0')
  );
}

/**
 * The request body as text, if it has one. Fastify reads bodies of POST/PUT/PATCH (and of DELETE
 * with a Content-Type); a GET or a DELETE without Content-Type may still carry a JSON body (legacy
 * clients, the Python client's DELETEs), which is read here from the socket, up to the same limit.
 */
export async function readRequestText(
  request: FastifyRequest,
  maxBodyBytes: number,
): Promise<string | undefined> {
  if (typeof request.body === 'string') return request.body;
  const { headers } = request;
  if (!hasRequestBody(headers)) return undefined;
  const declaredLength = headers['content-length'];
  if (declaredLength !== undefined && Number(declaredLength) > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
  const raw = request.raw;
  if (raw.readableEnded) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
