import { replayTrackingVectors } from './support/replay-tracking-vectors.js';
import { expectRunNames, infinityKept, withoutField } from './support/vector-expectations.js';

replayTrackingVectors({
  file: 'search-runs.jsonl',
  // gamma logged loss = Infinity: MLflow clamps it to max double, Millrace keeps Infinity.
  transformRecorded: infinityKept(['loss']),
  divergences: {
    'sr-attr-run-id-in-unquoted': {
      reason: 'MLflow bug: an unquoted IN list crashes the parser (500); Millrace answers 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'sr-metric-nan-eq-zero': {
      reason: 'MLflow bug: NaN is stored as 0 and matches "= 0"; here NaN matches only !=',
      kind: 'body',
      body: () => ({}),
    },
    'sr-param-is-null': {
      reason: 'IS NULL on params is supported, as in newer MLflow (spec §3.4.1); 3.6 refuses it',
      kind: 'check',
      check: (response) => expectRunNames(response, ['Delta_run']),
    },
    'sr-param-is-not-null': {
      reason: 'IS NOT NULL on params is supported, as in newer MLflow (spec §3.4.1)',
      kind: 'check',
      check: (response) => expectRunNames(response, ['beta', 'alpha']),
    },
    'sr-tag-is-null': {
      reason: 'IS NULL on tags is supported, as in newer MLflow (spec §3.4.1)',
      kind: 'check',
      check: (response) => expectRunNames(response, ['Delta_run']),
    },
    'sr-tag-is-not-null': {
      reason: 'IS NOT NULL on tags is supported, as in newer MLflow (spec §3.4.1)',
      kind: 'check',
      check: (response) => expectRunNames(response, ['gamma', 'beta', 'alpha']),
    },
    'sr-invalid-trailing-and': {
      reason: 'MLflow bug: a dangling AND is silently ignored; Millrace refuses the filter',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'sr-order-duplicate': {
      reason: 'MLflow bug: duplicate order_by fields give 500; Millrace answers 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'sr-page-2': {
      reason: 'a page token only when more runs exist (spec §1.7): the last full page has none',
      kind: 'body',
      body: (recorded) => withoutField(recorded, 'next_page_token'),
    },
    'sr-non-integer-experiment': {
      reason: 'MLflow bug: 500 INTERNAL_ERROR for a non-integer experiment id; Millrace answers 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
  },
  notReplayed: {
    'sr-page-3': 'follows the token MLflow emits for a full last page; Millrace emits none (see sr-page-2)',
  },
});
