import type { Int64 } from '@millrace/store';
import { z } from 'zod';

/*
 * Zod schemas for the fields of MLflow RPC messages, with MLflow's wire leniency (int64 as
 * numeric strings, enums by name or number, doubles as "NaN"/"Infinity") and its refusals.
 * A field that fails adds an issue whose `params` say why; `requestIssueMessage` turns the first
 * issue into MLflow's message, naming the field by its path (`metrics[0].timestamp`).
 *
 * Each field is a plain decoding function wrapped in a zod schema. Messages and lists made only of
 * such fields decode their items with those functions directly, in one zod step: a log-batch of
 * 1000 metrics is 1000 plain calls rather than thousands of zod steps and their allocations (the
 * garbage they made cost more than the rest of the request). Other schemas go through zod.
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

/** A refused field, with its path below the schema that decoded it (`['metrics', 0, 'key']`). */
class FieldRefusal {
  constructor(
    readonly issue: FieldIssue,
    readonly path: PropertyKey[] = [],
  ) {}
}

/** Decodes a wire value: the field's value, or why it is refused. Allocates only to refuse. */
type FieldDecoder<Value> = (value: unknown) => Value | FieldRefusal;

const MISSING = new FieldRefusal({ kind: 'missing' });

function invalid(value: unknown, detail?: string): FieldRefusal {
  return new FieldRefusal(
    detail === undefined ? { kind: 'invalid', value } : { kind: 'invalid', value, detail },
  );
}

/** The decoding function behind each schema made by `fieldSchema`. */
const fieldDecoders = new WeakMap<z.ZodType, FieldDecoder<unknown>>();

/** A zod schema that runs a decoding function; its refusal becomes the schema's one issue. */
function fieldSchema<Value>(decode: FieldDecoder<Value>): z.ZodType<Value> {
  const schema = z.unknown().transform((value, context) => {
    const result = decode(value);
    if (!(result instanceof FieldRefusal)) return result;
    context.addIssue({
      code: 'custom',
      message: result.issue.kind,
      params: result.issue,
      ...(result.path.length === 0 ? {} : { path: [...result.path] }),
    });
    return z.NEVER;
  }) as unknown as z.ZodType<Value>;
  fieldDecoders.set(schema, decode as FieldDecoder<unknown>);
  return schema;
}

export interface RequiredOption {
  /** Absent, null or '' is refused as missing. */
  required?: boolean;
}

export interface StringFieldOptions extends RequiredOption {
  /** Accept a JSON integer and use its decimal text (ids such as experiment_id). */
  acceptIntegers?: boolean;
}

function stringDecoder(options: StringFieldOptions): FieldDecoder<string | undefined> {
  const required = options.required === true;
  const acceptIntegers = options.acceptIntegers === true;
  return (value) => {
    if (typeof value === 'string' && (value !== '' || !required)) return value;
    if (isAbsent(value) || value === '') return required ? MISSING : undefined;
    if (acceptIntegers) {
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    }
    return invalid(value);
  };
}

/** A string field: absent is `undefined` (or missing, when required). */
export function stringField(options: StringFieldOptions & { required: true }): z.ZodType<string>;
export function stringField(options?: StringFieldOptions): z.ZodType<string | undefined>;
export function stringField(options: StringFieldOptions = {}): z.ZodType<string | undefined> {
  return fieldSchema(stringDecoder(options));
}

/** A string field that defaults to '' (tag and param values). */
export function stringWithDefault(defaultValue = ''): z.ZodType<string> {
  const decodeString = stringDecoder({});
  return fieldSchema((value) => decodeString(value) ?? defaultValue);
}

function toInt64(value: unknown): Int64 | undefined {
  // `+ 0` turns -0 into 0, as the BigInt round trip below does.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value + 0;
  let integer: bigint | undefined;
  if (typeof value === 'bigint') integer = value;
  else if (typeof value === 'number' && Number.isInteger(value)) integer = BigInt(value);
  else if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) integer = BigInt(value.trim());
  if (integer === undefined || integer < INT64_MIN || integer > INT64_MAX) return undefined;
  const asNumber = Number(integer);
  return Number.isSafeInteger(asNumber) ? asNumber : integer;
}

function int64Decoder(options: RequiredOption): FieldDecoder<Int64 | undefined> {
  const required = options.required === true;
  return (value) => {
    if (isAbsent(value) || value === '') return required ? MISSING : undefined;
    const integer = toInt64(value);
    return integer === undefined ? invalid(value) : integer;
  };
}

/** An int64 field: a JSON integer or a decimal string, within the int64 range. */
export function int64Field(options: RequiredOption & { required: true }): z.ZodType<Int64>;
export function int64Field(options?: RequiredOption): z.ZodType<Int64 | undefined>;
export function int64Field(options: RequiredOption = {}): z.ZodType<Int64 | undefined> {
  return fieldSchema(int64Decoder(options));
}

/** A safe-integer field (page sizes): like int64, but beyond 2^53 is refused. */
export function integerField(): z.ZodType<number | undefined> {
  const decodeInt64 = int64Decoder({});
  return fieldSchema((value) => {
    const integer = decodeInt64(value);
    return typeof integer === 'bigint' ? invalid(integer) : integer;
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
  const required = options.required === true;
  return fieldSchema((value) => {
    if (typeof value === 'number') return value;
    if (isAbsent(value) || value === '') return required ? MISSING : undefined;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'string') {
      const text = value.trim();
      const nonFinite = NON_FINITE[text];
      if (nonFinite !== undefined) return nonFinite;
      if (DECIMAL_TEXT.test(text)) return Number(text);
    }
    return invalid(value);
  });
}

/** An enum field: the value's name (case-sensitive) or its proto number, as a number or a decimal string. */
export function enumField<Name extends string>(
  numbers: Readonly<Record<number, Name>>,
): z.ZodType<Name | undefined> {
  const names = new Set<string>(Object.values(numbers));
  return fieldSchema((value): Name | undefined | FieldRefusal => {
    if (isAbsent(value) || value === '') return undefined;
    if (typeof value === 'string' && names.has(value)) return value as Name;
    const number = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number)) {
      const name = numbers[number];
      if (name !== undefined) return name;
    }
    return invalid(value);
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
  return fieldSchema((value) => {
    if (isAbsent(value) || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      if (options.acceptStrings === false) return invalid(value);
      const lowered = value.toLowerCase();
      if (lowered === 'true') return true;
      if (lowered === 'false') return false;
    }
    return invalid(value, 'Invalid boolean value');
  });
}

/**
 * A repeated field: absent is []; anything but a JSON list is refused (MLflow 3.6 silently drops
 * a scalar, e.g. `"experiment_ids": "1"`).
 */
export function listField<Item>(item: z.ZodType<Item>): z.ZodType<Item[]> {
  const decodeItem = fieldDecoders.get(item) as FieldDecoder<Item> | undefined;
  if (decodeItem !== undefined) {
    return fieldSchema((value) => {
      if (isAbsent(value)) return [];
      if (!Array.isArray(value)) return invalid(value);
      const items: Item[] = Array.from({ length: value.length });
      for (let index = 0; index < value.length; index++) {
        const result = decodeItem(value[index]);
        if (result instanceof FieldRefusal) return new FieldRefusal(result.issue, [index, ...result.path]);
        items[index] = result;
      }
      return items;
    });
  }
  return z
    .unknown()
    .transform((value, context) => {
      if (isAbsent(value)) return [];
      if (!Array.isArray(value)) {
        const refusal = invalid(value);
        context.addIssue({ code: 'custom', message: 'invalid', params: refusal.issue });
        return z.NEVER;
      }
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
  const decoders = keys.map((key) => fieldDecoders.get(shape[key] as z.ZodType));
  if (decoders.every((decoder) => decoder !== undefined)) {
    return fieldSchema((value) => {
      if (isAbsent(value)) return MISSING;
      if (typeof value !== 'object' || Array.isArray(value)) return invalid(value);
      const fields = value as Record<string, unknown>;
      const message: Record<string, unknown> = {};
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index] as string;
        const result = (decoders[index] as FieldDecoder<unknown>)(
          Object.hasOwn(fields, key) ? fields[key] : null,
        );
        if (result instanceof FieldRefusal) return new FieldRefusal(result.issue, [key, ...result.path]);
        message[key] = result;
      }
      return message as z.output<z.ZodObject<Shape>>;
    });
  }
  return z
    .unknown()
    .transform((value, context) => {
      const refusal = isAbsent(value)
        ? MISSING
        : typeof value !== 'object' || Array.isArray(value)
          ? invalid(value)
          : undefined;
      if (refusal !== undefined) {
        context.addIssue({ code: 'custom', message: refusal.issue.kind, params: refusal.issue });
        return z.NEVER;
      }
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

/**
 * A list of `{key, value}` tags that also takes a JSON object map `{"key": "value"}`: what the
 * MLflow TypeScript SDK's `createExperiment` sends (MLflow refuses it; tracking-api.md allows both).
 * Map values must be strings, as in the list form.
 */
export function keyValueListOrMapField() {
  const decodeList = fieldDecoders.get(listField(keyValueField())) as FieldDecoder<
    Array<{ key: string; value: string }>
  >;
  return fieldSchema((value) => {
    if (isAbsent(value) || Array.isArray(value) || typeof value !== 'object') return decodeList(value);
    const tags: Array<{ key: string; value: string }> = [];
    for (const [key, tagValue] of Object.entries(value as Record<string, unknown>)) {
      if (typeof tagValue !== 'string') return new FieldRefusal(invalid(tagValue).issue, [key]);
      tags.push({ key, value: tagValue });
    }
    return tags;
  });
}
