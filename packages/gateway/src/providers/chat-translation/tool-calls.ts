import { GatewayHttpError } from '../../http/gateway-http-error.js';
import { record } from '../openai-compatible/openai-response-fields.js';

/** A function tool of a chat request, as the vendors need it. */
export interface FunctionTool {
  name: string;
  description: string | undefined;
  /** The JSON Schema of the arguments, verbatim; undefined when the tool declared none. */
  parameters: Record<string, unknown> | undefined;
}

/** The function tools of a request (`tools: [{type: "function", function: {...}}]`); other tool types are refused. */
export function functionTools(tools: unknown, vendor: string): FunctionTool[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((tool: unknown) => {
    const item = record(tool) ?? {};
    const definition = record(item.function);
    if (item.type !== 'function' || definition === undefined || typeof definition.name !== 'string') {
      throw GatewayHttpError.unprocessable(
        `${vendor} only takes function tools, got a tool of type ${JSON.stringify(item.type ?? null)}.`,
      );
    }
    return {
      name: definition.name,
      description: typeof definition.description === 'string' ? definition.description : undefined,
      parameters: record(definition.parameters),
    };
  });
}

export type ToolChoice =
  { kind: 'auto' } | { kind: 'none' } | { kind: 'required' } | { kind: 'function'; name: string };

/** OpenAI's `tool_choice` (`none`, `auto`, `required`, `{type: "function", function: {name}}`), or undefined when absent. */
export function toolChoiceOf(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return { kind: value };
  const name = record(record(value)?.function)?.name;
  if (typeof name === 'string') return { kind: 'function', name };
  throw GatewayHttpError.unprocessable(
    'tool_choice must be "none", "auto", "required" or {"type": "function", "function": {"name": …}}.',
  );
}

/** A tool call of an assistant message in the request. */
export interface RequestToolCall {
  id: string;
  name: string;
  /** The parsed arguments (vendors want objects, OpenAI sends JSON text). */
  input: Record<string, unknown>;
}

/** Parses a tool call's JSON `arguments` into an object; invalid JSON is a 422 saying where. */
export function parseToolArguments(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value) as unknown;
      const object = record(parsed);
      if (object !== undefined) return object;
    } catch {
      // reported below
    }
  }
  throw GatewayHttpError.unprocessable(`${where} must be a JSON object (as text).`);
}

/** The tool calls of an assistant message (`tool_calls: [{id, function: {name, arguments}}]`). */
export function requestToolCalls(message: Record<string, unknown>, where: string): RequestToolCall[] {
  if (!Array.isArray(message.tool_calls)) return [];
  return message.tool_calls.map((toolCall: unknown, index: number) => {
    const call = record(toolCall) ?? {};
    const definition = record(call.function) ?? {};
    const path = `${where}.tool_calls[${index}]`;
    if (typeof definition.name !== 'string') {
      throw GatewayHttpError.unprocessable(`${path}.function.name is required.`);
    }
    return {
      id: typeof call.id === 'string' ? call.id : `call_${index}`,
      name: definition.name,
      input: parseToolArguments(definition.arguments, `${path}.function.arguments`),
    };
  });
}

/** The `tool_call_id` of a tool message (required by every vendor that links results to calls). */
export function toolCallIdOf(message: Record<string, unknown>, where: string): string {
  if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
    throw GatewayHttpError.unprocessable(`${where}.tool_call_id is required for a tool message.`);
  }
  return message.tool_call_id;
}

/** A tool result as a JSON object when it is one (Gemini and Bedrock take structured results), else undefined. */
export function jsonObjectOf(text: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
