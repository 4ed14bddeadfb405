import { GatewayHttpError, type ValidationIssue } from '../http/gateway-http-error.js';
import { COMMON_PARAMETER_CHECKS, copyParameters } from './common-parameters.js';
import {
  checkList,
  checkObject,
  checkString,
  isPlainObject,
  literalError,
  missing,
  rootNotObject,
  type Location,
} from './field-checks.js';
import type { ValidatedRequest } from './validated-request.js';

const OWN_FIELDS = new Set(['messages', 'tools']);
const TOOL_TYPES = ['function', 'uc_function'] as const;

function checkMessage(message: unknown, loc: Location, issues: ValidationIssue[]): void {
  if (!isPlainObject(message)) {
    checkObject(message, loc, issues);
    return;
  }
  if (message.role === undefined) missing(issues, [...loc, 'role'], message);
  else checkString(message.role, [...loc, 'role'], issues);
  const content = message.content;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    if (!Array.isArray(content)) {
      issues.push(
        {
          type: 'string_type',
          loc: [...loc, 'content', 'str'],
          msg: 'Input should be a valid string',
          input: content,
        },
        {
          type: 'list_type',
          loc: [...loc, 'content', 'list[tagged-union[TextContentPart,ImageContentPart,AudioContentPart]]'],
          msg: 'Input should be a valid list',
          input: content,
        },
      );
    } else {
      content.forEach((part, index) => {
        const partLoc = [...loc, 'content', index];
        if (!isPlainObject(part)) checkObject(part, partLoc, issues);
        else if (part.type === undefined) missing(issues, [...partLoc, 'type'], part);
        else checkString(part.type, [...partLoc, 'type'], issues);
      });
    }
  }
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    checkList(message.tool_calls, [...loc, 'tool_calls'], issues);
  }
  if (message.tool_call_id !== undefined && message.tool_call_id !== null) {
    checkString(message.tool_call_id, [...loc, 'tool_call_id'], issues);
  }
}

function checkTool(tool: unknown, loc: Location, issues: ValidationIssue[]): void {
  if (!isPlainObject(tool)) {
    checkObject(tool, loc, issues);
    return;
  }
  if (tool.type === undefined) missing(issues, [...loc, 'type'], tool);
  else if (!(TOOL_TYPES as readonly unknown[]).includes(tool.type))
    literalError(issues, [...loc, 'type'], tool.type, TOOL_TYPES);
  if (tool.type === 'function') {
    const definition = tool.function;
    if (definition === undefined || definition === null) {
      missing(issues, [...loc, 'function'], tool);
    } else if (!isPlainObject(definition)) {
      checkObject(definition, [...loc, 'function'], issues);
    } else {
      if (definition.name === undefined) missing(issues, [...loc, 'function', 'name'], definition);
      else checkString(definition.name, [...loc, 'function', 'name'], issues);
      if (definition.parameters !== undefined && definition.parameters !== null) {
        checkObject(definition.parameters, [...loc, 'function', 'parameters'], issues);
      }
    }
  }
}

/**
 * Validates an `llm/v1/chat` body (MLflow's schema, pydantic lax mode). Messages and tools are
 * checked but forwarded exactly as sent — MLflow re-serialises them through narrow models and drops
 * unknown message keys (`name`) and JSON-Schema keywords of tool parameters (appendix A.9, A.10).
 */
export function validateChatRequest(body: unknown): ValidatedRequest {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(body)) {
    rootNotObject(issues, body);
    throw GatewayHttpError.validation(issues);
  }
  const messages = body.messages;
  if (messages === undefined || messages === null) missing(issues, ['body', 'messages'], body);
  else {
    const list = checkList(messages, ['body', 'messages'], issues, 1);
    list?.forEach((message, index) => checkMessage(message, ['body', 'messages', index], issues));
  }
  const tools = body.tools;
  if (tools !== undefined && tools !== null) {
    const list = checkList(tools, ['body', 'tools'], issues);
    list?.forEach((tool, index) => checkTool(tool, ['body', 'tools', index], issues));
  }
  const copy = copyParameters(body, COMMON_PARAMETER_CHECKS, OWN_FIELDS, issues);
  if (issues.length > 0) throw GatewayHttpError.validation(issues);
  copy.messages = messages;
  if (tools !== undefined && tools !== null) copy.tools = tools;
  return { body: copy, stream: copy.stream === true, model: copy.model as string | undefined };
}
