import type { Int64 } from '@millrace/store';
import { z } from 'zod';

/*
 * Zod schemas for the fields of MLflow RPC messages, with MLflow's wire leniency (int64 as
 * numeric strings, enums by name or number, doubles as "NaN"/"Infinity") and its refusals.
 * A field that fails adds an issue whose `params` say why; `requestIssueMessage` turns the first
 * issue into MLflow's message, naming the field by its path (`metrics[0].timestamp`).
 */

/** Why a field was refused: absent (or empty when required), or of the wrong type or range. */
export type FieldIssue = { kind: 'missing' } | { kind: 'invalid'; value: unknown; detail?: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function reportMissing(context: z.RefinementCtx): typeof z.NEVER {
  const params: FieldIssue = { kind: 'missing' };
  context.addIssue({ code: 'custom', message: 'missing', params });
  return z.NEVER;
}

function reportInvalid(context: z.RefinementCtx, value: unknown, detail?: string): typeof z.NEVER {
  const params: FieldIssue =
    detail === undefined ? { kind: 'invalid', value } : { kind: 'invalid', value, detail };
  context.addIssue({ code: 'custom', message: 'invalid', params });
  return z.NEVER;
}

export interface RequiredOption {
  /** Absent, null or '' is refused as missing. */
  required?: boolean;
}

export interface StringFieldOptions extends RequiredOption {
  /** Accept a JSON integer and use its decimal text (ids such as experiment_id). */
  acceptIntegers?: boolean;
}

/** A string field: absent is `undefined` (or missing, when required). */
export function stringField(options: StringFieldOptions & { required: true }): z.ZodType<string>;
export function stringField(options?: StringFieldOptions): z.ZodType<string | undefined>;
export function stringField(options: StringFieldOptions = {}): z.ZodType<string | undefined> {
  return z.unknown().transform((value, context) => {
    if (isAbsent(value) || (options.required === true && value === '')) {
      return options.required === true ? reportMissing(context) : undefined;
    }
    if (typeof value === 'string') return value;
    if (options.acceptIntegers === true) {
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    }
    return reportInvalid(context, value);
  });
}

/** A string field that defaults to '' (tag and param values). */
export function stringWithDefault(defaultValue = ''): z.ZodType<string> {
  return stringField().transform((value) => value ?? defaultValue);
}

function toInt64(value: unknown): Int64 | undefined {
  let integer: bigint | undefined;
  if (typeof value === 'bigint') integer = value;
  else if (typeof value === 'number' && Number.isInteger(value)) integer = BigInt(value);
  else if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) integer = BigInt(value.trim());
  if (integer === undefined || integer < INT64_MIN || integer > INT64_MAX) return undefined;
  const asNumber = Number(integer);
  return Number.isSafeInteger(asNumber) ? asNumber : integer;
}

/** An int64 field: a JSON integer or a decimal string, within the int64 range. */
export function int64Field(options: RequiredOption & { required: true }): z.ZodType<Int64>;
export function int64Field(options?: RequiredOption): z.ZodType<Int64 | undefined>;
export function int64Field(options: RequiredOption = {}): z.ZodType<Int64 | undefined> {
  return z.unknown().transform((value, context) => {
    if (isAbsent(value) || value === '')
      return options.required === true ? reportMissing(context) : undefined;
    const integer = toInt64(value);
    return integer === undefined ? reportInvalid(context, value) : integer;
  });
}

/** A safe-integer field (page sizes): like int64, but beyond 2^53 is refused. */
export function integerField(): z.ZodType<number | undefined> {
  return int64Field().transform((value, context) => {
    if (value === undefined || typeof value === 'number') return value;
    return reportInvalid(context, value);
  });
}

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/**
 * A double field: a JSON number, a numeric string, or "NaN" / "Infinity" / "-Infinity".
 * Booleans are refused (MLflow 3.6 stores `true` as 1.0).
 */
export function doubleField(options: RequiredOption & { required: true }): z.ZodType<number>;
export function doubleField(options?: RequiredOption): z.ZodType<number | undefined>;
export function doubleField(options: RequiredOption = {}): z.ZodType<number | undefined> {
  return z.unknown().transform((value, context) => {
    if (isAbsent(value) || value === '')
      return options.required === true ? reportMissing(context) : undefined;
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'string') {
      const text = value.trim();
      const nonFinite = NON_FINITE[text];
      if (nonFinite !== undefined) return nonFinite;
      if (DECIMAL_TEXT.test(text)) return Number(text);
    }
    return reportInvalid(context, value);
  });
}

/** An enum field: the value's name (case-sensitive) or its proto number, as a number or a decimal string. */
export function enumField<Name extends string>(
  numbers: Readonly<Record<number, Name>>,
): z.ZodType<Name | undefined> {
  const names = new Set<string>(Object.values(numbers));
  return z.unknown().transform((value, context) => {
    if (isAbsent(value) || value === '') return undefined;
    if (typeof value === 'string' && names.has(value)) return value as Name;
    const number = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number)) {
      const name = numbers[number];
      if (name !== undefined) return name;
    }
    return reportInvalid(context, value);
  });
}

export interface BooleanFieldOptions {
  /**
   * Accept "true"/"false" in any case (query strings of GET RPCs). Default true. A body field of
   * a POST RPC takes JSON booleans only, as MLflow's proto parsing does.
   */
  acceptStrings?: boolean;
}

/** A boolean field: JSON true/false, or "true"/"false" in any case (query strings). */
export function booleanField(options: BooleanFieldOptions = {}): z.ZodType<boolean | undefined> {
  return z.unknown().transform((value, context) => {
    if (isAbsent(value) || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      if (options.acceptStrings === false) return reportInvalid(context, value);
      const lowered = value.toLowerCase();
      if (lowered === 'true') return true;
      if (lowered === 'false') return false;
    }
    return reportInvalid(context, value, 'Invalid boolean value');
  });
}

/**
 * A repeated field: absent is []; anything but a JSON list is refused (MLflow 3.6 silently drops
 * a scalar, e.g. `"experiment_ids": "1"`).
 */
export function listField<Item>(item: z.ZodType<Item>): z.ZodType<Item[]> {
  return z
    .unknown()
    .transform((value, context) => {
      if (isAbsent(value)) return [];
      if (!Array.isArray(value)) return reportInvalid(context, value);
      return value as unknown[];
    })
    .pipe(z.array(item));
}

/** A repeated string field (experiment_ids, order_by); integers are taken as their decimal text. */
export function stringListField(): z.ZodType<string[]> {
  return listField(stringField({ required: true, acceptIntegers: true }));
}

/**
 * A message: a JSON object whose fields are checked in the order of `shape`; unknown fields are
 * dropped. An absent field is seen as `null` by its schema. An absent message is missing.
 */
export function messageField<Shape extends z.ZodRawShape>(
  shape: Shape,
): z.ZodType<z.output<z.ZodObject<Shape>>> {
  const keys = Object.keys(shape);
  return z
    .unknown()
    .transform((value, context) => {
      if (isAbsent(value)) return reportMissing(context);
      if (typeof value !== 'object' || Array.isArray(value)) return reportInvalid(context, value);
      const filled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const key of keys) if (!Object.hasOwn(filled, key)) filled[key] = null;
      return filled;
    })
    .pipe(z.object(shape));
}

/** The `{key, value}` messages of tag and param lists. */
export function keyValueField() {
  return messageField({ key: stringField({ required: true }), value: stringWithDefault() });
}
