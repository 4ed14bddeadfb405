import { request } from 'undici';

export interface ClientResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as JSON, or undefined. */
  json: unknown;
  /** True when the connection ended before the body was complete. */
  aborted: boolean;
}

/** Sends one request to the gateway and reads the whole answer (noting an aborted body). */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ClientResponse> {
  const hasBody = options.rawBody !== undefined || options.body !== undefined;
  const headers = options.headers ?? (hasBody ? { 'content-type': 'application/json' } : {});
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await request(`${baseUrl}${path}`, { method: method as 'POST', headers, body });
  let text = '';
  let aborted = false;
  try {
    text = await response.body.text();
  } catch {
    aborted = true;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json, aborted };
}

/** The `data:` payloads of an event-stream body, in order. */
export function sseData(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}
