import type { FastifyReply } from 'fastify';
import { OVERHEAD_HEADER, formatOverhead } from './overhead-header.js';

/** Sends a JSON answer (as bytes: fastify would append `; charset=utf-8` to a string's type) with the overhead header (`started`: performance.now() at the handler's start). */
export function sendJson(reply: FastifyReply, status: number, body: unknown, started: number): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .header(OVERHEAD_HEADER, formatOverhead(performance.now() - started))
    .send(Buffer.from(JSON.stringify(body)));
}
