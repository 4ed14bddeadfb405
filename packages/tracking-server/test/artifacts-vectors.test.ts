import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalArtifactRepository } from '@millrace/store';
import { afterAll, expect } from 'vitest';
import { replayTrackingVectors } from './support/replay-tracking-vectors.js';

const destinations: string[] = [];

afterAll(() => {
  for (const directory of destinations) rmSync(directory, { recursive: true, force: true });
});

const MISSING_FILE = 'MLflow bug: a missing file is a 500 that leaks the server path; Millrace answers 404';
const NO_REDIRECT =
  "MLflow redirects a leading '//' (308, Flask slash merging); Millrace refuses the absolute path with 400";

replayTrackingVectors({
  file: 'artifacts.jsonl',
  appOptions() {
    const directory = mkdtempSync(path.join(tmpdir(), 'millrace-artifact-vectors-'));
    destinations.push(directory);
    return { artifactsDestination: createLocalArtifactRepository(path.join(directory, 'mlartifacts')) };
  },
  divergences: {
    'art-get-unicode-name': {
      reason:
        'MLflow bug: a non-latin-1 file name crashes the download (500); Millrace sends it with an RFC 6266 filename*',
      kind: 'check',
      check: (response) => {
        expect(response.status).toBe(200);
        expect(response.text).toBe('unicode');
        expect(response.headers['content-disposition']).toBe(
          `attachment; filename="uni code.txt"; filename*=UTF-8''uni%20c%C3%B4de.txt`,
        );
      },
    },
    'art-get-missing': {
      reason: MISSING_FILE,
      kind: 'error',
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    },
    'art-get-deleted-file': {
      reason: MISSING_FILE,
      kind: 'error',
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    },
    'art-get-directory': {
      reason: 'MLflow bug: downloading a directory is an HTML 500; Millrace answers 404 (no file there)',
      kind: 'error',
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    },
    'art-get-artifact-ui-missing': {
      reason: 'MLflow bug: a missing file on the UI route is an HTML 500; Millrace answers 404',
      kind: 'error',
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    },
    'art-get-traversal-double-slash': {
      reason: NO_REDIRECT,
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'art-put-absolute': {
      reason: NO_REDIRECT,
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'art-get-traversal-backslash': {
      reason:
        'MLflow lets backslashes through on POSIX (then a 500 for the missing file); Millrace refuses them with 400',
      kind: 'error',
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    },
    'art-mpu-create': {
      reason:
        'MLflow offers multipart uploads for cloud destinations only (501 here); Millrace offers them for every destination',
      kind: 'check',
      check: (response, bindings) => {
        expect(response.status).toBe(200);
        const body = response.json as {
          upload_id: string;
          credentials: { url: string; part_number: number }[];
        };
        expect(body.upload_id).toMatch(/^[0-9a-f]{32}$/);
        expect(body.credentials.map((credential) => credential.part_number)).toEqual([1, 2]);
        const target = `${bindings.get('experiment_id:1')}/${bindings.get('run_id:1')}/artifacts/big.bin/big.bin`;
        expect(body.credentials[0]?.url).toMatch(
          new RegExp(
            `/api/2\\.0/mlflow-artifacts/mpu/upload-part/${target}\\?upload_id=${body.upload_id}&part_number=1$`,
          ),
        );
      },
    },
    'art-mpu-complete': {
      reason: 'multipart uploads are supported (see art-mpu-create): an unknown upload id is 404',
      kind: 'error',
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    },
    'art-mpu-abort': {
      reason: 'multipart uploads are supported (see art-mpu-create): an unknown upload id is 404',
      kind: 'error',
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    },
  },
});
