import { MillraceError } from '@millrace/core';
import type { LoggedModelOrderBy } from '../logged-models/logged-model-store.js';
import { pythonStyleJson } from '../validation/python-json.js';

/*
 * search-logged-models page tokens, written as MLflow writes them: base64 of
 * `{"experiment_ids": [...], "filter_string": ..., "order_by": [...], "offset": N}`. A token is
 * only valid with the request it was issued for: other experiment ids, filter or order_by → 400.
 */

/** One order_by item as the token keeps it (snake_case, `ascending` always present). */
type TokenOrderBy = Record<string, string | boolean>;

export interface LoggedModelSearchState {
  experimentIds: string[];
  /** null when the search has no filter. */
  filter: string | null;
  /** null when the search has no order_by. */
  orderBy: TokenOrderBy[] | null;
}

/** The request a token belongs to, normalised as the token writes it. */
export function loggedModelSearchState(
  experimentIds: readonly string[],
  filter: string | undefined,
  orderBy: readonly LoggedModelOrderBy[] | undefined,
): LoggedModelSearchState {
  return {
    experimentIds: [...experimentIds],
    filter: filter === undefined || filter === '' ? null : filter,
    orderBy:
      orderBy === undefined || orderBy.length === 0
        ? null
        : orderBy.map((item) => {
            const entry: TokenOrderBy = { field_name: item.fieldName, ascending: item.ascending ?? true };
            if (item.datasetName !== undefined) entry.dataset_name = item.datasetName;
            if (item.datasetDigest !== undefined) entry.dataset_digest = item.datasetDigest;
            return entry;
          }),
  };
}

/** Python's repr of the values the mismatch messages show (`['1']`, `None`). */
function describe(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `'${key}': ${describe(item)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

export function encodeLoggedModelPageToken(state: LoggedModelSearchState, offset: number): string {
  const text = pythonStyleJson({
    experiment_ids: state.experimentIds,
    filter_string: state.filter,
    order_by: state.orderBy,
    offset,
  });
  return Buffer.from(text, 'utf8').toString('base64');
}

function invalidToken(): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', 'Invalid page token: it could not be decoded.');
}

function mismatch(problem: string, expected: unknown, found: unknown): MillraceError {
  const show = (value: unknown) => (typeof value === 'string' ? value : describe(value));
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `${problem} Expected: ${show(expected)}. Found: ${show(found)}`,
  );
}

/**
 * The offset a token stands for (0 without a token), after checking that it was issued for the
 * same experiment ids, filter and order_by.
 */
export function decodeLoggedModelPageToken(token: string | undefined, state: LoggedModelSearchState): number {
  if (token === undefined || token === '') return 0;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 !== 0) throw invalidToken();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidToken();
  const record = parsed as Record<string, unknown>;
  const offset = record.offset;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw invalidToken();
  const experimentIds = record.experiment_ids ?? null;
  if (JSON.stringify(experimentIds) !== JSON.stringify(state.experimentIds)) {
    throw mismatch(
      'Experiment IDs in the page token do not match the requested experiment IDs.',
      state.experimentIds,
      experimentIds,
    );
  }
  const filter = record.filter_string ?? null;
  if (filter !== state.filter) {
    throw mismatch(
      'Filter string in the page token does not match the requested filter string.',
      state.filter,
      filter,
    );
  }
  const orderBy = record.order_by ?? null;
  if (pythonStyleJson(orderBy) !== pythonStyleJson(state.orderBy)) {
    throw mismatch(
      'Order by in the page token does not match the requested order by.',
      state.orderBy,
      orderBy,
    );
  }
  return offset;
}
