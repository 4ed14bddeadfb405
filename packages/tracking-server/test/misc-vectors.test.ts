import { expect } from 'vitest';
import { replayTrackingVectors } from './support/replay-tracking-vectors.js';
import { expectExperimentNames } from './support/vector-expectations.js';

// misc-content-type-uppercase creates 'vec-misc-upper' here (MLflow refuses it), so later
// experiment listings have one more entry than recorded.
const NEWEST_FIRST = ['vec-misc-extra', 'vec-misc-double', 'vec-misc-upper', 'vec-misc', 'Default'];

/** The second logged model of misc.jsonl, finalized UPLOAD_FAILED (then deleted). */
const FAILED_MODEL = {
  info: {
    model_id: '<model_id:2>',
    experiment_id: '<experiment_id:1>',
    name: '<model_name:1>',
    creation_timestamp_ms: '<ts>',
    last_updated_timestamp_ms: '<ts>',
    artifact_uri: 'mlflow-artifacts:/<experiment_id:1>/models/<model_id:2>/artifacts',
    status: 'LOGGED_MODEL_UPLOAD_FAILED',
    model_type: '',
    source_run_id: '',
  },
  data: {},
};

replayTrackingVectors({
  file: 'misc.jsonl',
  divergences: {
    'misc-lm-search-filter-status': {
      reason:
        'MLflow bug: the status is stored as a number and compared with the name, so it never matches; Millrace matches names (and numbers)',
      kind: 'body',
      body: () => ({ models: [FAILED_MODEL] }),
    },
    'misc-lm-get-deleted-allow': {
      reason:
        'allow_deleted=true (MLflow 3.7+, spec §3.6) returns a deleted logged model; MLflow 3.6 ignores it',
      kind: 'body',
      status: 200,
      body: () => ({ model: FAILED_MODEL }),
    },
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
    'misc-webhooks-list': 'registry webhooks are not part of this server yet',
    'misc-cross-origin-post': 'the host/origin security middleware is not part of this server yet',
    'misc-foreign-host-header': 'the host/origin security middleware is not part of this server yet',
    'misc-graphql': "the web UI's GraphQL endpoint is not part of this server yet",
  },
});
