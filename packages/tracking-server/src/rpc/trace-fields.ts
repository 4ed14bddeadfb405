import { z } from 'zod';
import { messageField, type FieldIssue } from './fields.js';

/*
 * Field schemas of the MLflow 3 trace messages: proto maps, google.protobuf.Timestamp (RFC 3339
 * strings) and google.protobuf.Duration (`"0.042s"`) as epoch / elapsed milliseconds, and
 * optional sub-messages.
 */

const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
/** Seconds with any number of fractional digits: the TS SDK writes `(ms / 1000) + "s"`. */
const DURATION = /^(\d+)(?:\.(\d+))?s$/;

function reportInvalid(context: z.RefinementCtx, value: unknown, detail?: string): typeof z.NEVER {
  const params: FieldIssue =
    detail === undefined ? { kind: 'invalid', value } : { kind: 'invalid', value, detail };
  context.addIssue({ code: 'custom', message: 'invalid', params });
  return z.NEVER;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** Epoch milliseconds of an RFC 3339 time (sub-millisecond digits are dropped); undefined if malformed. */
export function parseRfc3339Millis(text: string): number | undefined {
  const match = RFC_3339.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  let millis = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(millis).getUTCDate() !== d) return undefined;
  millis += Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  if (zulu === undefined) {
    const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
    millis += sign === '+' ? -offset : offset;
  }
  return millis;
}

/** Milliseconds of a Duration `"<seconds>[.<fraction>]s"` (sub-millisecond digits are dropped). */
export function parseDurationMillis(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null) return undefined;
  const millis = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0').slice(0, 3));
  return Number.isSafeInteger(millis) ? millis : undefined;
}

/** A google.protobuf.Timestamp field (RFC 3339 string), as epoch milliseconds. */
export function timestampField(): z.ZodType<number | undefined> {
  return z.unknown().transform((value, context) => {
    if (isAbsent(value) || value === '') return undefined;
    const millis = typeof value === 'string' ? parseRfc3339Millis(value) : undefined;
    return millis === undefined || millis < 0
      ? reportInvalid(context, value, 'Expected an RFC 3339 time such as "2025-06-10T12:00:00.000Z"')
      : millis;
  });
}

/** A google.protobuf.Duration field (`"1.5s"`), as milliseconds. */
export function durationField(): z.ZodType<number | undefined> {
  return z.unknown().transform((value, context) => {
    if (isAbsent(value) || value === '') return undefined;
    const millis = typeof value === 'string' ? parseDurationMillis(value) : undefined;
    return millis === undefined
      ? reportInvalid(context, value, 'Expected a duration in seconds such as "0.042s"')
      : millis;
  });
}

/** A proto `map<string, string>`: a JSON object of strings; absent is {}. */
export function stringMapField(): z.ZodType<Record<string, string>> {
  return z.unknown().transform((value, context) => {
    if (isAbsent(value)) return {};
    if (typeof value !== 'object' || Array.isArray(value)) return reportInvalid(context, value);
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [, entry] of entries) {
      if (typeof entry !== 'string') return reportInvalid(context, value, 'Map values must be strings');
    }
    return Object.fromEntries(entries) as Record<string, string>;
  });
}

/** A sub-message that may be absent (undefined). */
export function optionalMessageField<Shape extends z.ZodRawShape>(
  shape: Shape,
): z.ZodType<z.output<z.ZodObject<Shape>> | undefined> {
  return z.preprocess((value) => (value === null ? undefined : value), messageField(shape).optional());
}
