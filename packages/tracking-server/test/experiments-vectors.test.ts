import { replayTrackingVectors } from './support/replay-tracking-vectors.js';
import { expectExperimentNames } from './support/vector-expectations.js';

const ACTIVE_WITHOUT_TEAM_TAG = [
  'vec-exp-tag-novalue',
  'vec-exp-badtag',
  'vec-exp-query-loc',
  'vec-exp-runs-loc',
  'vec-exp-long-renamed',
  'vec-exp-local',
  'vec-exp-a-renamed',
  'Default',
];

replayTrackingVectors({
  file: 'experiments.jsonl',
  notReplayed: {
    'exp-create-tags-as-map':
      "Millrace takes tags as a JSON object map too (the TS SDK's createExperiment sends one; MLflow refuses it): " +
      'tested in request-decoding.test.ts, not replayed here since the extra experiment would change every later search',
  },
  divergences: {
    'exp-get-non-integer-id': {
      reason:
        'MLflow bug: 500 INTERNAL_ERROR for a non-integer id (clients retry 500s); Millrace answers 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'exp-update-rename-to-existing': {
      reason:
        'MLflow reports a rename collision as a raw database error; Millrace uses the code creation uses',
      kind: 'error',
      status: 400,
      errorCode: 'RESOURCE_ALREADY_EXISTS',
    },
    'exp-rename-to-deleted-name': {
      reason: 'same as exp-update-rename-to-existing',
      kind: 'error',
      status: 400,
      errorCode: 'RESOURCE_ALREADY_EXISTS',
    },
    'exp-rename-deleted': {
      reason: 'MLflow bug: INVALID_STATE (HTTP 500) for renaming a deleted experiment; Millrace answers 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'exp-search-tag-is-null': {
      reason: 'IS NULL on tags is supported, as in newer MLflow (spec §3.4.2); 3.6 refuses it',
      kind: 'check',
      check: (response) => expectExperimentNames(response, ACTIVE_WITHOUT_TEAM_TAG),
    },
    'exp-search-tag-is-not-null': {
      reason: 'IS NOT NULL on tags is supported, as in newer MLflow (spec §3.4.2); 3.6 refuses it',
      kind: 'check',
      check: (response) => expectExperimentNames(response, ['vec-exp-b']),
    },
  },
});
