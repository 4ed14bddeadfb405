/** One `endpoints` entry of a gateway YAML config (values written as given: quote them yourself when needed). */
export function endpointYaml(
  name: string,
  type: string,
  provider: string,
  modelName: string | null,
  config: Record<string, string | Record<string, string>>,
): string {
  const lines = [
    `  - name: ${name}`,
    `    endpoint_type: ${type}`,
    '    model:',
    `      provider: ${provider}`,
  ];
  if (modelName !== null) lines.push(`      name: ${modelName}`);
  lines.push('      config:');
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'string') lines.push(`        ${key}: ${value}`);
    else {
      lines.push(`        ${key}:`);
      for (const [innerKey, innerValue] of Object.entries(value))
        lines.push(`          ${innerKey}: ${innerValue}`);
    }
  }
  return lines.join('\n');
}

export function gatewayYaml(...endpoints: string[]): string {
  return ['endpoints:', ...endpoints].join('\n');
}

export const JSON_HEADERS = { 'content-type': 'application/json' };
export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' };

/** An SSE body with named events (`event: <name>` + `data: <json>`), as Anthropic and Cohere send. */
export function namedEvents(events: [string, unknown][]): string[] {
  return events.flatMap(([name, data]) => [`event: ${name}`, `data: ${JSON.stringify(data)}`, '']);
}

/** An SSE body of unnamed `data:` events. */
export function dataEvents(events: unknown[]): string[] {
  return events.flatMap((data) => [`data: ${JSON.stringify(data)}`, '']);
}

/** The parsed `data:` payloads of a gateway stream, `[DONE]` excluded. */
export function streamChunks(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as Record<string, unknown>);
}
