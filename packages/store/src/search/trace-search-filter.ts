import { MillraceError } from '@millrace/core';
import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect, StoreTables } from '../database/store-database.js';
import { TRACE_NAME_TAG, TRACE_SOURCE_RUN_METADATA } from '../traces/trace-entities.js';
import {
  expectedNumber,
  expectedString,
  invalidAttributeKey,
  invalidComparator,
  invalidEntity,
  stringList,
  unsupportedNullCheck,
} from './search-errors.js';
import { keyedValueFilter } from './keyed-value-filter.js';
import { parseSearchFilter, type SearchComparison } from './search-expression-parser.js';
import {
  compareNumber,
  compareString,
  type NumericComparator,
  type StringComparator,
} from './string-comparison.js';

/*
 * The search-traces filter (tracking spec §3.4.5) over what this store keeps: trace attributes,
 * tags and metadata. Span, assessment and full-text filters need spans in the database, which this
 * store does not keep (spans stay in `traces.json`): they are refused as invalid.
 */

type TraceEntity = 'attribute' | 'tag' | 'metadata';

const TRACE_ENTITIES: Record<string, TraceEntity> = {
  trace: 'attribute',
  attribute: 'attribute',
  attributes: 'attribute',
  tag: 'tag',
  tags: 'tag',
  metadata: 'metadata',
  request_metadata: 'metadata',
};

export type TraceStringColumn = 'request_id' | 'status' | 'client_request_id';
export type TraceNumericColumn = 'timestamp_ms' | 'execution_time_ms' | 'end_time_ms';

const STRING_ATTRIBUTES: Record<string, TraceStringColumn> = {
  request_id: 'request_id',
  trace_id: 'request_id',
  status: 'status',
  state: 'status',
  client_request_id: 'client_request_id',
};
const NUMERIC_ATTRIBUTES: Record<string, TraceNumericColumn> = {
  timestamp_ms: 'timestamp_ms',
  timestamp: 'timestamp_ms',
  execution_time_ms: 'execution_time_ms',
  execution_time: 'execution_time_ms',
  end_time_ms: 'end_time_ms',
  end_time: 'end_time_ms',
};
/** Attributes kept as a tag or metadata entry. */
const KEYED_ATTRIBUTES: Record<string, { entity: 'tag' | 'metadata'; key: string }> = {
  name: { entity: 'tag', key: TRACE_NAME_TAG },
  run_id: { entity: 'metadata', key: TRACE_SOURCE_RUN_METADATA },
};
const ATTRIBUTE_COMPARATORS: readonly StringComparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const KEYED_COMPARATORS: readonly StringComparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMERIC_COMPARATORS: readonly NumericComparator[] = ['=', '!=', '<', '<=', '>', '>='];

export type TraceCondition =
  | { entity: 'attribute'; column: TraceStringColumn; comparator: StringComparator; value: string | string[] }
  | { entity: 'time'; column: TraceNumericColumn; comparator: NumericComparator; value: number }
  | {
      entity: 'tag' | 'metadata';
      key: string;
      comparator: StringComparator;
      value: string | string[];
    }
  | { entity: 'tag' | 'metadata'; key: string; comparator: 'IS NULL' | 'IS NOT NULL' };

function stringValue(comparison: SearchComparison, allowed: readonly StringComparator[], what: string) {
  const { comparator, value } = comparison;
  if (!(allowed as readonly string[]).includes(comparator)) throw invalidComparator(comparator, allowed);
  if (comparator === 'IN' || comparator === 'NOT IN') return stringList(value);
  if (value?.kind !== 'string') throw expectedString(what, value);
  return value.value;
}

function condition(comparison: SearchComparison): TraceCondition {
  const { identifier, comparator, value } = comparison;
  const entity = identifier.entity === undefined ? 'attribute' : TRACE_ENTITIES[identifier.entity];
  if (entity === undefined) {
    throw invalidEntity(identifier.entity ?? '', Object.keys(TRACE_ENTITIES));
  }
  if (entity === 'tag' || entity === 'metadata') {
    if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') {
      return { entity, key: identifier.key, comparator };
    }
    const text = stringValue(comparison, KEYED_COMPARATORS, entity);
    return { entity, key: identifier.key, comparator: comparator as StringComparator, value: text };
  }
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') throw unsupportedNullCheck(comparison);
  const keyed = KEYED_ATTRIBUTES[identifier.key];
  if (keyed !== undefined) {
    const allowed: readonly StringComparator[] = [...KEYED_COMPARATORS, 'IN', 'NOT IN'];
    const text = stringValue(comparison, allowed, `attribute '${identifier.key}'`);
    return { entity: keyed.entity, key: keyed.key, comparator: comparator as StringComparator, value: text };
  }
  const stringColumn = STRING_ATTRIBUTES[identifier.key];
  if (stringColumn !== undefined) {
    const text = stringValue(comparison, ATTRIBUTE_COMPARATORS, `attribute '${identifier.key}'`);
    return {
      entity: 'attribute',
      column: stringColumn,
      comparator: comparator as StringComparator,
      value: text,
    };
  }
  const numericColumn = NUMERIC_ATTRIBUTES[identifier.key];
  if (numericColumn !== undefined) {
    if (!(NUMERIC_COMPARATORS as readonly string[]).includes(comparator)) {
      throw invalidComparator(comparator, NUMERIC_COMPARATORS);
    }
    if (value?.kind !== 'number') throw expectedNumber(`numeric attribute: ${identifier.key}`, value);
    return {
      entity: 'time',
      column: numericColumn,
      comparator: comparator as NumericComparator,
      value: value.value,
    };
  }
  throw invalidAttributeKey(identifier.key, [
    ...Object.keys(STRING_ATTRIBUTES),
    ...Object.keys(NUMERIC_ATTRIBUTES),
    ...Object.keys(KEYED_ATTRIBUTES),
  ]);
}

/** Parses and checks a search-traces filter; unsupported entities are INVALID_PARAMETER_VALUE. */
export function parseTraceFilter(filter: string | undefined): TraceCondition[] {
  try {
    return parseSearchFilter(filter).map(condition);
  } catch (error) {
    if (MillraceError.isInstance(error)) throw error;
    throw new MillraceError('INVALID_PARAMETER_VALUE', `Invalid filter string for traces.`, { cause: error });
  }
}

export function traceConditionSql(
  expressions: ExpressionBuilder<StoreTables, 'trace_info'>,
  traceCondition: TraceCondition,
  dialect: DatabaseDialect,
): RawBuilder<SqlBool> {
  switch (traceCondition.entity) {
    case 'attribute':
      return compareString(
        dialect,
        sql.ref(`trace_info.${traceCondition.column}`),
        traceCondition.comparator,
        traceCondition.value,
      );
    case 'time': {
      const column =
        traceCondition.column === 'end_time_ms'
          ? sql`(trace_info.timestamp_ms + coalesce(trace_info.execution_time_ms, 0))`
          : sql.ref(`trace_info.${traceCondition.column}`);
      return compareNumber(column, traceCondition.comparator, traceCondition.value);
    }
    case 'tag':
    case 'metadata': {
      const table = traceCondition.entity === 'tag' ? 'trace_tags' : 'trace_request_metadata';
      return keyedValueFilter(
        dialect,
        { owner: 'trace_info.request_id', table, ownerColumn: 'request_id' },
        traceCondition,
      );
    }
  }
}
