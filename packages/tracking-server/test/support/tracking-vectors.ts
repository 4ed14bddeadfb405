import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLosslessJson } from '../../src/http/lossless-json.js';
import { serializeWireJson, type WireValue } from '../../src/http/wire-json.js';

/** One exchange recorded from MLflow 3.6 (copied from shared/spec/vectors/tracking; see vectors/README.md). */
export interface TrackingVector {
  id: string;
  family: string;
  request: { method: string; path: string; body: unknown; headers?: Record<string, string> };
  response: { status: number; content_type: string; body: unknown; headers?: Record<string, string> };
  note: string;
  compare?: { unordered?: string[] };
}

const VECTORS_DIRECTORY = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

/** The vectors of one file, in order; parsed losslessly (int64 values beyond 2^53 stay exact). */
export function readTrackingVectors(file: string): TrackingVector[] {
  return readFileSync(path.join(VECTORS_DIRECTORY, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseLosslessJson(line) as TrackingVector);
}

export interface ReplayResponse {
  status: number;
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed losslessly when it is JSON. */
  json: unknown;
}

/** Sends a request over a fresh connection, the path byte-exact, the headers exactly as given. */
export function sendRaw(
  baseUrl: string,
  method: string,
  requestPath: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
): Promise<ReplayResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: requestPath,
        agent: false,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const contentType = incoming.headers['content-type'];
          let json: unknown;
          if (contentType?.includes('json') === true) {
            try {
              json = parseLosslessJson(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: incoming.statusCode ?? 0, contentType, headers: incoming.headers, text, json });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const PLACEHOLDER = /<(experiment_id|run_id|model_id|run_name|model_name):(\d+)(?::(int|upper))?>/g;
const WILDCARD = /^<(path|db detail|addr)>$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isInteger(value: unknown): boolean {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}

function sameNumber(expected: number | bigint, actual: unknown): boolean {
  if (typeof actual !== 'number' && typeof actual !== 'bigint') return false;
  if (isInteger(expected) && isInteger(actual)) return BigInt(expected) === BigInt(actual);
  return Number(expected) === Number(actual);
}

/**
 * Placeholders of one vector file (`<run_id:3>` …): bound by the responses that reveal them,
 * substituted into later requests, and matched in expected response bodies (README "How to replay").
 */
export class PlaceholderBindings {
  readonly #values = new Map<string, string>();

  /** The actual value bound to a placeholder, e.g. `bindings.get('run_id:3')`. */
  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  substituteText(text: string): string {
    return text.replace(PLACEHOLDER, (whole, kind: string, number: string, modifier?: string) => {
      const value = this.#values.get(`${kind}:${number}`);
      if (value === undefined) throw new Error(`Placeholder ${whole} is used before it is bound.`);
      return modifier === 'upper' ? value.toUpperCase() : value;
    });
  }

  /** A request value with bound placeholders replaced (`<experiment_id:N:int>` becomes a number). */
  substitute(value: unknown): unknown {
    if (typeof value === 'string') {
      const asInteger = /^<experiment_id:(\d+):int>$/.exec(value);
      if (asInteger !== null) return Number(this.substituteText(`<experiment_id:${asInteger[1]}>`));
      return this.substituteText(value);
    }
    if (Array.isArray(value)) return value.map((item) => this.substitute(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.substitute(item)]));
    }
    return value;
  }

  /** Matches one expected string (with placeholders) against an actual one, binding what it reveals. */
  #matchText(expected: string, actual: string): boolean {
    if (WILDCARD.test(expected)) return true;
    const unbound: string[] = [];
    let pattern = '';
    let copied = 0;
    const tokens =
      /<(experiment_id|run_id|model_id|run_name|model_name):(\d+)(?::(upper))?>|<ts>|<path>|<db detail>|<addr>/g;
    for (const match of expected.matchAll(tokens)) {
      pattern += escapeRegExp(expected.slice(copied, match.index));
      copied = match.index + match[0].length;
      if (match[1] === undefined) {
        pattern += match[0] === '<ts>' ? '(?:\\d+)' : '(?:.*)';
        continue;
      }
      const name = `${match[1]}:${match[2]}`;
      const bound = this.#values.get(name);
      if (bound !== undefined) {
        pattern += escapeRegExp(match[3] === 'upper' ? bound.toUpperCase() : bound);
      } else {
        const earlier = unbound.indexOf(name);
        if (earlier === -1) {
          unbound.push(name);
          pattern += '(.+?)';
        } else {
          pattern += `\\${earlier + 1}`;
        }
      }
    }
    pattern += escapeRegExp(expected.slice(copied));
    const result = new RegExp(`^${pattern}$`, 's').exec(actual);
    if (result === null) return false;
    unbound.forEach((name, index) => this.#values.set(name, result[index + 1] ?? ''));
    return true;
  }

  /**
   * Matches a list as a multiset: each expected item against a distinct actual item (placeholders
   * and `<ts>` included); a failed trial leaves the bindings as they were.
   */
  #matchUnordered(
    expected: readonly unknown[],
    actual: readonly unknown[],
    unordered: readonly string[],
    location: string,
  ): string[] {
    const remaining = [...actual];
    for (const [index, item] of expected.entries()) {
      const found = remaining.findIndex((candidate) => {
        const saved = new Map(this.#values);
        if (this.match(item, candidate, unordered, `${location}[${index}]`).length === 0) return true;
        this.#values.clear();
        for (const [name, value] of saved) this.#values.set(name, value);
        return false;
      });
      if (found === -1) return [`${location}[${index}]: no matching item (unordered): ${describe(item)}`];
      remaining.splice(found, 1);
    }
    return [];
  }

  /** Every difference between an expected (recorded) JSON value and the actual one; binds placeholders. */
  match(expected: unknown, actual: unknown, unordered: readonly string[] = [], location = '$'): string[] {
    if (expected === '<ts>')
      return isInteger(actual) ? [] : [`${location}: expected a timestamp, got ${String(actual)}`];
    if (typeof expected === 'string') {
      return typeof actual === 'string' && this.#matchText(expected, actual)
        ? []
        : [`${location}: expected ${JSON.stringify(expected)}, got ${describe(actual)}`];
    }
    if (typeof expected === 'number' || typeof expected === 'bigint') {
      return sameNumber(expected, actual)
        ? []
        : [`${location}: expected ${expected}, got ${describe(actual)}`];
    }
    if (expected === null || typeof expected === 'boolean') {
      return expected === actual
        ? []
        : [`${location}: expected ${String(expected)}, got ${describe(actual)}`];
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) return [`${location}: expected a list, got ${describe(actual)}`];
      if (actual.length !== expected.length) {
        return [`${location}: expected ${expected.length} items, got ${actual.length}: ${describe(actual)}`];
      }
      if (unordered.includes(location)) return this.#matchUnordered(expected, actual, unordered, location);
      return expected.flatMap((item, index) =>
        this.match(item, actual[index], unordered, `${location}[${index}]`),
      );
    }
    if (typeof expected === 'object') {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
        return [`${location}: expected an object, got ${describe(actual)}`];
      }
      const expectedRecord = expected as Record<string, unknown>;
      const actualRecord = actual as Record<string, unknown>;
      const problems: string[] = [];
      const missing = Object.keys(expectedRecord).filter((key) => !(key in actualRecord));
      const extra = Object.keys(actualRecord).filter((key) => !(key in expectedRecord));
      if (missing.length > 0) problems.push(`${location}: missing fields ${missing.join(', ')}`);
      if (extra.length > 0) problems.push(`${location}: unexpected fields ${extra.join(', ')}`);
      for (const [key, item] of Object.entries(expectedRecord)) {
        if (key in actualRecord)
          problems.push(...this.match(item, actualRecord[key], unordered, `${location}.${key}`));
      }
      return problems;
    }
    return [`${location}: cannot compare ${describe(expected)}`];
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : serializeWireJson(value as WireValue);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The request a vector describes, with placeholders and page tokens substituted. */
export function vectorRequest(
  vector: TrackingVector,
  bindings: PlaceholderBindings,
  pageTokens: ReadonlyMap<string, string>,
): { method: string; path: string; headers: Record<string, string>; body: Buffer | undefined } {
  let requestPath = bindings.substituteText(vector.request.path);
  for (const [recorded, actual] of pageTokens) {
    requestPath = requestPath.replaceAll(encodeURIComponent(recorded), encodeURIComponent(actual));
  }
  const raw = vector.request.body;
  let body: Buffer | undefined;
  let headers: Record<string, string> = {};
  if (typeof raw === 'string') {
    body = Buffer.from(bindings.substituteText(raw), 'utf8');
  } else if (raw !== null && raw !== undefined) {
    const substituted = bindings.substitute(raw) as Record<string, unknown>;
    if (typeof substituted.page_token === 'string') {
      substituted.page_token = pageTokens.get(substituted.page_token) ?? substituted.page_token;
    }
    body = Buffer.from(serializeWireJson(substituted as WireValue), 'utf8');
    headers = { 'content-type': 'application/json' };
  }
  if (vector.request.headers !== undefined) headers = { ...vector.request.headers };
  return { method: vector.request.method, path: requestPath, headers, body };
}
