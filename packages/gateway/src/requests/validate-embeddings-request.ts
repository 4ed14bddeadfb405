import { GatewayHttpError, type ValidationIssue } from '../http/gateway-http-error.js';
import { EMBEDDINGS_PARAMETER_CHECKS, copyParameters } from './common-parameters.js';
import { isPlainObject, missing, rootNotObject } from './field-checks.js';
import type { ValidatedRequest } from './validated-request.js';

const OWN_FIELDS = new Set(['input']);

function isIntegerList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => Number.isInteger(item));
}

function isValidInput(input: unknown): boolean {
  if (typeof input === 'string') return true;
  if (!Array.isArray(input)) return false;
  return (
    input.every((item) => typeof item === 'string') ||
    isIntegerList(input) ||
    input.every((item) => isIntegerList(item))
  );
}

/**
 * Validates an `llm/v1/embeddings` body: `input` is a string, a list of strings, a list of token
 * ids or a list of token-id lists. There is no streaming: `stream` is an ordinary extra field.
 */
export function validateEmbeddingsRequest(body: unknown): ValidatedRequest {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(body)) {
    rootNotObject(issues, body);
    throw GatewayHttpError.validation(issues);
  }
  const input = body.input;
  if (input === undefined || input === null) missing(issues, ['body', 'input'], body);
  else if (!isValidInput(input)) {
    const listMessage = Array.isArray(input)
      ? 'Input should be a valid string'
      : 'Input should be a valid list';
    const listType = Array.isArray(input) ? 'string_type' : 'list_type';
    issues.push(
      { type: 'string_type', loc: ['body', 'input', 'str'], msg: 'Input should be a valid string', input },
      { type: listType, loc: ['body', 'input', 'list[str]'], msg: listMessage, input },
      { type: listType, loc: ['body', 'input', 'list[int]'], msg: listMessage, input },
      { type: listType, loc: ['body', 'input', 'list[list[int]]'], msg: listMessage, input },
    );
  }
  const copy = copyParameters(body, EMBEDDINGS_PARAMETER_CHECKS, OWN_FIELDS, issues);
  if (issues.length > 0) throw GatewayHttpError.validation(issues);
  copy.input = input;
  return { body: copy, stream: false, model: copy.model as string | undefined };
}
