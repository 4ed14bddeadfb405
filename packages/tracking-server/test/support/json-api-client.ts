import { sendRaw, type ReplayResponse } from './tracking-vectors.js';

/** A tiny client for tests: JSON bodies in, responses (status and parsed JSON) out. */
export interface JsonApiClient {
  /** GET with an optional query (repeated keys for lists). */
  get(path: string, query?: Record<string, string | readonly string[]>): Promise<ReplayResponse>;
  /** POST, PATCH or DELETE with a JSON body, as the Python client sends them. */
  send(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ReplayResponse>;
}

export function createJsonApiClient(baseUrl: string): JsonApiClient {
  return {
    get(path, query = {}) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const item of typeof value === 'string' ? [value] : value) search.append(key, item);
      }
      const text = search.toString();
      return sendRaw(baseUrl, 'GET', text === '' ? path : `${path}?${text}`, {}, undefined);
    },
    send(method, path, body) {
      return body === undefined
        ? sendRaw(baseUrl, method, path, {}, undefined)
        : sendRaw(
            baseUrl,
            method,
            path,
            { 'content-type': 'application/json' },
            Buffer.from(JSON.stringify(body), 'utf8'),
          );
    },
  };
}
