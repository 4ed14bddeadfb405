import { MillraceError } from '@millrace/core';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requireJsonContentType } from '../http/content-type.js';
import { parseLenientJsonBody } from '../http/lenient-json-body.js';
import { decodeQueryFields } from '../http/query-fields.js';
import { readRequestText } from '../http/request-text.js';
import { messageField } from '../rpc/fields.js';
import { requestIssueMessage } from '../rpc/request-issue-message.js';

/** The JSON body of a POST, decoded and checked as the RPCs' (Content-Type rule, lenient JSON, MLflow's messages). */
export async function jsonBodyFields<Shape extends z.ZodRawShape>(
  request: FastifyRequest,
  shape: Shape,
  maxBodyBytes: number,
): Promise<z.output<z.ZodObject<Shape>>> {
  requireJsonContentType(request.headers['content-type']);
  return checkFields(shape, parseLenientJsonBody(await readRequestText(request, maxBodyBytes)));
}

/** The query string's fields, checked. */
export function queryFields<Shape extends z.ZodRawShape>(
  request: FastifyRequest,
  shape: Shape,
): z.output<z.ZodObject<Shape>> {
  const queryStart = request.url.indexOf('?');
  const query = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
  return checkFields(shape, decodeQueryFields(query, new Set()));
}

function checkFields<Shape extends z.ZodRawShape>(
  shape: Shape,
  fields: Record<string, unknown>,
): z.output<z.ZodObject<Shape>> {
  const parsed = messageField(shape).safeParse(fields);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw new MillraceError(
    'INVALID_PARAMETER_VALUE',
    issue === undefined ? 'Invalid request.' : requestIssueMessage(issue),
  );
}
