import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScriptedResponse } from './fake-upstream.js';

/** One recorded exchange of MLflow's gateway (see /work/shared/spec/vectors/gateway/README.md). */
export interface GatewayVector {
  id: string;
  provider: string;
  endpoint_type: string | null;
  endpoint: string | null;
  client_request: {
    method: string;
    path: string;
    body: unknown;
    body_is_raw_text?: boolean;
    headers?: Record<string, string>;
  };
  upstream_server: string | null;
  upstream_request: { method: string; path: string; headers: Record<string, string>; body: unknown } | null;
  upstream_response: {
    status: number | null;
    headers: Record<string, string>;
    body?: unknown;
    body_text?: string;
    sse?: string[];
    stream_cut?: boolean;
    hang_s?: number;
  } | null;
  client_response: {
    status: number;
    headers: Record<string, string>;
    body?: unknown;
    sse?: string[];
    stream_aborted?: boolean;
  };
  note: string;
}

export const VECTORS_DIRECTORY = fileURLToPath(new URL('../vectors', import.meta.url));

export function readVectors<T = GatewayVector>(file: string): T[] {
  return readFileSync(`${VECTORS_DIRECTORY}/${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** The YAML config a vector file was recorded with (from the README), with the ports rewritten. */
export function vectorConfig(section: string, rewrite: (yaml: string) => string): string {
  const readme = readFileSync(`${VECTORS_DIRECTORY}/README.md`, 'utf8');
  const start = readme.indexOf(`### \`${section}\``);
  if (start === -1) throw new Error(`no config section ${section}`);
  const open = readme.indexOf('```yaml\n', start);
  const close = readme.indexOf('```', open + 8);
  return rewrite(readme.slice(open + 8, close));
}

/** The fake's scripted answer for a vector's recorded upstream response. */
export function scriptedResponseOf(vector: GatewayVector): ScriptedResponse {
  const recorded = vector.upstream_response!;
  const headers = { ...recorded.headers };
  if (recorded.status === null) return { status: null };
  if (recorded.sse !== undefined) {
    return {
      status: recorded.status,
      headers,
      sse: recorded.sse,
      streamCut: recorded.stream_cut === true,
      stallAfterEvents: recorded.hang_s !== undefined,
    };
  }
  const body =
    recorded.body_text ?? (typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body));
  return { status: recorded.status, headers, body };
}

/** Replaces `"<created>"` wildcards by the actual value before comparing. */
export function withCreatedFrom(expected: unknown, actual: unknown): unknown {
  if (expected === '<created>') return typeof actual === 'number' ? actual : expected;
  if (Array.isArray(expected))
    return expected.map((item, index) => withCreatedFrom(item, (actual as unknown[] | undefined)?.[index]));
  if (typeof expected === 'object' && expected !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(expected)) {
      result[key] = withCreatedFrom(value, (actual as Record<string, unknown> | undefined)?.[key]);
    }
    return result;
  }
  return expected;
}
