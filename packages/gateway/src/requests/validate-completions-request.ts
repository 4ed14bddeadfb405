import { GatewayHttpError, type ValidationIssue } from '../http/gateway-http-error.js';
import { COMMON_PARAMETER_CHECKS, copyParameters } from './common-parameters.js';
import { checkString, isPlainObject, missing, rootNotObject } from './field-checks.js';
import type { ValidatedRequest } from './validated-request.js';

const OWN_FIELDS = new Set(['prompt']);

/** Validates an `llm/v1/completions` body: `prompt` is one string (MLflow rejects lists), plus the common parameters. */
export function validateCompletionsRequest(body: unknown): ValidatedRequest {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(body)) {
    rootNotObject(issues, body);
    throw GatewayHttpError.validation(issues);
  }
  const prompt = body.prompt;
  if (prompt === undefined || prompt === null) missing(issues, ['body', 'prompt'], body);
  else checkString(prompt, ['body', 'prompt'], issues);
  const copy = copyParameters(body, COMMON_PARAMETER_CHECKS, OWN_FIELDS, issues);
  if (issues.length > 0) throw GatewayHttpError.validation(issues);
  copy.prompt = prompt;
  return { body: copy, stream: copy.stream === true, model: copy.model as string | undefined };
}
