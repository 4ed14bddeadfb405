import { expect } from 'vitest';
import { replayTrackingVectors } from './support/replay-tracking-vectors.js';
import { infinityKept, withoutField, withoutMetrics } from './support/vector-expectations.js';

/** Metrics whose logging Millrace refuses (see the divergences below), absent from later runs. */
const REFUSED_METRICS = ['m_step64', 'm_bool'];

const LOSS_HISTORY = {
  metrics: [
    { key: 'loss', value: 0.5, timestamp: 1700000000000, step: 0 },
    { key: 'loss', value: 0.4, timestamp: 1700000001000, step: 1 },
    { key: 'loss', value: 0.3, timestamp: 1700000002000, step: 2 },
  ],
};

replayTrackingVectors({
  file: 'runs.jsonl',
  transformRecorded: infinityKept(['m_inf', 'm_neginf']),
  divergences: {
    'runs-create-no-experiment-id': {
      reason: 'MLflow bug: a foreign-key error; Millrace defaults to experiment 0 as the spec and proto say',
      kind: 'check',
      check: (response) => {
        expect(response.status).toBe(200);
        const { info } = (response.json as { run: { info: Record<string, unknown> } }).run;
        expect(info.experiment_id).toBe('0');
        expect(info.run_name).toBe('vec-in-default-2');
        expect(info.artifact_uri).toBe(`mlflow-artifacts:/0/${String(info.run_id)}/artifacts`);
      },
    },
    'runs-create-non-integer-experiment': {
      reason: 'MLflow bug: 500 INTERNAL_ERROR for a non-integer experiment id; Millrace answers 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'runs-update-invalid-status': {
      reason: 'MLflow bug: an unknown status name is silently ignored; Millrace refuses it',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'runs-log-metric-step-over-int64': {
      reason: 'MLflow bug: a step beyond int64 is stored as 0; Millrace refuses it',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'runs-log-metric-value-bool': {
      reason: 'MLflow bug: a boolean metric value is stored as 1.0; Millrace refuses it (spec §2.4)',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'runs-get-after-metrics': {
      reason: 'without the refused m_step64 and m_bool metrics',
      kind: 'body',
      body: (recorded) => withoutMetrics(recorded, REFUSED_METRICS),
    },
    'runs-get-after-batch': {
      reason: 'without the refused m_step64 and m_bool metrics',
      kind: 'body',
      body: (recorded) => withoutMetrics(recorded, REFUSED_METRICS),
    },
    'runs-get-after-inputs': {
      reason: 'without the refused m_step64 and m_bool metrics',
      kind: 'body',
      body: (recorded) => withoutMetrics(recorded, REFUSED_METRICS),
    },
    'runs-history-no-max-results': {
      reason:
        'MLflow bug: an empty page and an offset-0 token; without max_results every point comes in one page (spec §3.3)',
      kind: 'body',
      body: () => LOSS_HISTORY,
    },
    'runs-history-no-max-results-follow-token': {
      reason: 'the offset-0 token of the previous MLflow answer is a valid token here: the whole history',
      kind: 'body',
      status: 200,
      body: () => LOSS_HISTORY,
    },
    'runs-history-max-results-0': {
      reason:
        'MLflow bug: max_results=0 gives an empty page and a broken token; 0 is "unset" (proto3), so every point',
      kind: 'body',
      body: () => LOSS_HISTORY,
    },
    'runs-get-batch-run-info': {
      reason:
        'search-runs emits a page token only when more runs exist (spec §1.7), not whenever a page is full',
      kind: 'body',
      body: (recorded) => withoutField(recorded, 'next_page_token'),
    },
  },
});
