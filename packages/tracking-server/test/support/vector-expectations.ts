import { expect } from 'vitest';
import type { ReplayResponse } from './tracking-vectors.js';

const MAX_DOUBLE = 1.7976931348623157e308;

function isMetric(value: unknown): value is { key: string; value: unknown } {
  return (
    typeof value === 'object' && value !== null && 'key' in value && 'value' in value && 'timestamp' in value
  );
}

/**
 * MLflow's SQL store clamps ±Infinity metric values to ±max double; Millrace stores and returns
 * them (spec §6 item 4). In recorded bodies, the metrics with these keys that hold ±max double
 * were logged as ±Infinity: they are expected back as "Infinity" / "-Infinity".
 */
export function infinityKept(keys: readonly string[]): (body: unknown) => unknown {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    if (
      isMetric(value) &&
      keys.includes(value.key) &&
      typeof value.value === 'number' &&
      Math.abs(value.value) === MAX_DOUBLE
    ) {
      return { ...value, value: value.value > 0 ? 'Infinity' : '-Infinity' };
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item)]));
  };
  return rewrite;
}

/** A recorded body without the metrics of these keys (their logging was refused here). */
export function withoutMetrics(body: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(body))
    return body
      .filter((item) => !(isMetric(item) && keys.includes(item.key)))
      .map((item) => withoutMetrics(item, keys));
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).map(([key, item]) => [key, withoutMetrics(item, keys)]));
}

/** A recorded body without one field. */
export function withoutField(body: unknown, field: string): unknown {
  const { [field]: _dropped, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** The run names of a search-runs answer, in order. */
export function expectRunNames(response: ReplayResponse, names: readonly string[]): void {
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  const runs = ((response.json as { runs?: { info: { run_name: string } }[] }).runs ?? []).map(
    (run) => run.info.run_name,
  );
  expect(runs).toEqual(names);
}

/** The experiment names of a search-experiments answer, in order. */
export function expectExperimentNames(response: ReplayResponse, names: readonly string[]): void {
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  const experiments = ((response.json as { experiments?: { name: string }[] }).experiments ?? []).map(
    (experiment) => experiment.name,
  );
  expect(experiments).toEqual(names);
}
