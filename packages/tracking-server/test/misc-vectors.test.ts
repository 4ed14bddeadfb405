import { expect } from 'vitest';
import { replayTrackingVectors } from './support/replay-tracking-vectors.js';
import { expectExperimentNames } from './support/vector-expectations.js';

// misc-content-type-uppercase creates 'vec-misc-upper' here (MLflow refuses it), so later
// experiment listings have one more entry than recorded.
const NEWEST_FIRST = ['vec-misc-extra', 'vec-misc-double', 'vec-misc-upper', 'vec-misc', 'Default'];

const LOGGED_MODELS = 'logged models (MLflow 3) are not part of this server yet';

replayTrackingVectors({
  file: 'misc.jsonl',
  divergences: {
    'misc-version': {
      reason: 'Millrace reports the MLflow version it is compatible with, 3.6.0',
      kind: 'check',
      check: (response) => {
        expect(response.status).toBe(200);
        const [major, minor] = response.text.split('.').map(Number);
        expect(response.text).toMatch(/^\d+\.\d+\.\d+$/);
        expect((major ?? 0) * 100 + (minor ?? 0)).toBeGreaterThanOrEqual(304);
      },
    },
    'misc-json-array-body': {
      reason: 'MLflow bug: a JSON array body crashes the handler (500); Millrace answers 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'misc-content-type-uppercase': {
      reason: 'media types are case-insensitive (RFC 9110); MLflow compares them case-sensitively',
      kind: 'check',
      check: (response) => {
        expect(response.status).toBe(200);
        expect((response.json as { experiment_id: unknown }).experiment_id).toMatch(/^\d+$/);
      },
    },
    'misc-type-experiment-ids-string': {
      reason: 'MLflow bug: a scalar for a repeated field is silently dropped; Millrace refuses it',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'misc-type-max-results-string': {
      reason: 'one more experiment (see misc-content-type-uppercase)',
      kind: 'check',
      check: (response) => expectExperimentNames(response, NEWEST_FIRST),
    },
    'misc-type-start-time-float': {
      reason: 'MLflow bug: a fractional int64 is silently stored as 0; Millrace refuses it',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'misc-type-tags-object-item': {
      reason: 'MLflow bug: a non-object tag is stored as an empty tag; Millrace refuses it',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'misc-get-repeated-order-by': {
      reason: 'one more experiment (see misc-content-type-uppercase)',
      kind: 'check',
      check: (response) =>
        expectExperimentNames(response, [
          'vec-misc-upper',
          'vec-misc-extra',
          'vec-misc-double',
          'vec-misc',
          'Default',
        ]),
    },
    'misc-get-array-brackets': {
      reason: 'one more experiment (see misc-content-type-uppercase)',
      kind: 'check',
      check: (response) => expectExperimentNames(response, NEWEST_FIRST),
    },
    'misc-get-view-type-number': {
      reason: 'one more experiment (see misc-content-type-uppercase)',
      kind: 'check',
      check: (response) => expectExperimentNames(response, NEWEST_FIRST),
    },
  },
  notReplayed: {
    'misc-api-3-trace-get-missing': 'traces are not part of this server yet',
    'misc-api-2-trace-info-missing': 'traces are not part of this server yet',
    'misc-webhooks-list': 'registry webhooks are not part of this server yet',
    'misc-delete-no-content-type':
      'a model registry RPC; DELETE bodies without Content-Type are tested in request-decoding.test.ts',
    'misc-cross-origin-post': 'the host/origin security middleware is not part of this server yet',
    'misc-foreign-host-header': 'the host/origin security middleware is not part of this server yet',
    'misc-lm-create': LOGGED_MODELS,
    'misc-lm-create-minimal': LOGGED_MODELS,
    'misc-lm-create-missing-experiment': LOGGED_MODELS,
    'misc-lm-create-no-experiment-id': LOGGED_MODELS,
    'misc-lm-create-bad-name': LOGGED_MODELS,
    'misc-lm-get': LOGGED_MODELS,
    'misc-lm-get-missing': LOGGED_MODELS,
    'misc-lm-finalize-ready': LOGGED_MODELS,
    'misc-lm-finalize-failed': LOGGED_MODELS,
    'misc-lm-finalize-invalid': LOGGED_MODELS,
    'misc-lm-finalize-missing-status': LOGGED_MODELS,
    'misc-lm-finalize-missing-model': LOGGED_MODELS,
    'misc-lm-set-tags': LOGGED_MODELS,
    'misc-lm-delete-tag': LOGGED_MODELS,
    'misc-lm-delete-tag-missing': LOGGED_MODELS,
    'misc-lm-log-params': LOGGED_MODELS,
    'misc-lm-log-metric-with-model-id': LOGGED_MODELS,
    'misc-lm-get-full': LOGGED_MODELS,
    'misc-lm-search': LOGGED_MODELS,
    'misc-lm-search-filter-name': LOGGED_MODELS,
    'misc-lm-search-filter-metric': LOGGED_MODELS,
    'misc-lm-search-filter-status': LOGGED_MODELS,
    'misc-lm-search-filter-status-number': LOGGED_MODELS,
    'misc-lm-create-second': LOGGED_MODELS,
    'misc-lm-search-order-name': LOGGED_MODELS,
    'misc-lm-search-page-1': LOGGED_MODELS,
    'misc-lm-search-page-2': LOGGED_MODELS,
    'misc-lm-search-token-mismatch': LOGGED_MODELS,
    'misc-lm-search-no-experiments': LOGGED_MODELS,
    'misc-lm-search-bad-filter': LOGGED_MODELS,
    'misc-run-outputs': LOGGED_MODELS,
    'misc-run-inputs-model': LOGGED_MODELS,
    'misc-run-get-outputs': LOGGED_MODELS,
    'misc-run-get-model-inputs': LOGGED_MODELS,
    'misc-lm-delete': LOGGED_MODELS,
    'misc-lm-get-deleted': LOGGED_MODELS,
    'misc-lm-get-deleted-allow': LOGGED_MODELS,
    'misc-lm-search-after-delete': LOGGED_MODELS,
    'misc-lm-delete-again': LOGGED_MODELS,
    'misc-graphql': "the web UI's GraphQL endpoint is not part of this server yet",
  },
});
