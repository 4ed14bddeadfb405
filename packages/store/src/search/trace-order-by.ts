import { MillraceError } from '@millrace/core';
import { parseOrderByClause } from './search-expression-parser.js';

/** The trace_info columns search-traces orders by. */
export type TraceOrderColumn =
  'experiment_id' | 'timestamp_ms' | 'execution_time_ms' | 'status' | 'request_id';

export interface TraceOrderKey {
  column: TraceOrderColumn;
  ascending: boolean;
}

const ORDERABLE: Record<string, TraceOrderColumn> = {
  experiment_id: 'experiment_id',
  timestamp: 'timestamp_ms',
  timestamp_ms: 'timestamp_ms',
  execution_time: 'execution_time_ms',
  execution_time_ms: 'execution_time_ms',
  status: 'status',
  state: 'status',
  request_id: 'request_id',
  trace_id: 'request_id',
};
const ATTRIBUTE_ENTITIES = new Set(['trace', 'attribute', 'attributes']);

/**
 * Parses search-traces `order_by` clauses (attributes only), then MLflow's tie-breakers
 * `timestamp_ms DESC, request_id ASC` for the columns not ordered on yet.
 */
export function parseTraceOrderBy(clauses: readonly string[] | undefined): TraceOrderKey[] {
  const keys: TraceOrderKey[] = [];
  for (const clause of clauses ?? []) {
    const parsed = parseOrderByClause(clause);
    const entity = parsed.identifier.entity;
    const column =
      entity === undefined || ATTRIBUTE_ENTITIES.has(entity) ? ORDERABLE[parsed.identifier.key] : undefined;
    if (column === undefined) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid order_by clause '${clause}'. Traces can be ordered by ${Object.keys(ORDERABLE).join(', ')}.`,
      );
    }
    if (!keys.some((key) => key.column === column)) keys.push({ column, ascending: parsed.ascending });
  }
  if (!keys.some((key) => key.column === 'timestamp_ms'))
    keys.push({ column: 'timestamp_ms', ascending: false });
  if (!keys.some((key) => key.column === 'request_id')) keys.push({ column: 'request_id', ascending: true });
  return keys;
}
