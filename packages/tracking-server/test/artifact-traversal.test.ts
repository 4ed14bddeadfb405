import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAVERSAL_PATHS } from '../../store/test/support/traversal-paths.js';
import { startArtifactServer, type RunningArtifactServer } from './support/artifact-server-fixture.js';
import { sendRaw, type ReplayResponse } from './support/tracking-vectors.js';

/** Traversal forms as they are written in a URL path (sent byte-exact, never normalised by the client). */
const URL_PATH_FORMS = [
  '..',
  '../outside.txt',
  'x/../../outside.txt',
  '%2e%2e/outside.txt',
  '%2E%2E%2Foutside.txt',
  '..%2foutside.txt',
  'x/%2e%2e/%2e%2e/outside.txt',
  '%252e%252e/outside.txt',
  '%252e%252e%252foutside.txt',
  '%25252e%25252e/outside.txt',
  '..%5coutside.txt',
  'x%5c..%5c..%5coutside.txt',
  'outside%00.txt',
  '/outside.txt',
  '%2foutside.txt',
  'C:/outside.txt',
  'name%23fragment',
];

function expectInvalidPath(response: ReplayResponse, what: string): void {
  expect({ what, status: response.status, body: response.json }).toEqual({
    what,
    status: 400,
    body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Invalid path' },
  });
}

function json(body: unknown): [Record<string, string>, Buffer] {
  return [{ 'content-type': 'application/json' }, Buffer.from(JSON.stringify(body))];
}

describe('every artifact route refuses every traversal form with 400 Invalid path', () => {
  let running: RunningArtifactServer;
  let runId: string;
  let experimentId: string;
  let modelId: string;
  let outside: string;

  beforeAll(async () => {
    running = await startArtifactServer();
    ({ experimentId, runId } = await running.createRun());
    outside = path.join(running.sandbox, 'outside');
    await mkdir(outside);
    await writeFile(path.join(running.sandbox, 'outside.txt'), 'sentinel');
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
    const model = await running.server.loggedModelStore.createLoggedModel({
      experimentId,
      name: 'traversal',
    });
    modelId = model.info.modelId;
    await running.server.modelRegistryStore.createRegisteredModel({ name: 'traversal-model' });
    await running.server.modelRegistryStore.createModelVersion({
      name: 'traversal-model',
      source: `runs:/${runId}/model`,
      runId,
    });
    const response = await sendRaw(
      running.url,
      'PUT',
      `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/model/MLmodel`,
      {},
      Buffer.from('flavors: {}\n'),
    );
    expect(response.status).toBe(200);
  });

  afterAll(async () => {
    // Nothing was written, read or deleted outside the destination.
    expect((await readdir(running.sandbox)).sort()).toEqual(['mlartifacts', 'outside', 'outside.txt']);
    expect(await readFile(path.join(running.sandbox, 'outside.txt'), 'utf8')).toBe('sentinel');
    expect(await readdir(outside)).toEqual(['secret.txt']);
    expect(running.server.loggedErrors).toEqual([]);
    await running.close();
  });

  it('in URL paths of the proxied service (GET, PUT, DELETE, multipart, under /api and /ajax-api)', async () => {
    for (const form of URL_PATH_FORMS) {
      for (const prefix of ['/api', '/ajax-api']) {
        const base = `${prefix}/2.0/mlflow-artifacts`;
        expectInvalidPath(
          await sendRaw(running.url, 'GET', `${base}/artifacts/${form}`, {}, undefined),
          `GET ${form}`,
        );
        expectInvalidPath(
          await sendRaw(
            running.url,
            'PUT',
            `${base}/artifacts/${form}`,
            { 'content-type': 'text/plain' },
            Buffer.from('x'),
          ),
          `PUT ${form}`,
        );
        expectInvalidPath(
          await sendRaw(running.url, 'DELETE', `${base}/artifacts/${form}`, {}, undefined),
          `DELETE ${form}`,
        );
        for (const [operation, body] of [
          ['create', { path: 'big.bin', num_parts: 1 }],
          [
            'complete',
            { path: 'big.bin', upload_id: '0'.repeat(32), parts: [{ part_number: 1, etag: '"e"' }] },
          ],
          ['abort', { path: 'big.bin', upload_id: '0'.repeat(32) }],
        ] as const) {
          expectInvalidPath(
            await sendRaw(running.url, 'POST', `${base}/mpu/${operation}/${form}`, ...json(body)),
            `mpu/${operation} ${form}`,
          );
        }
        expectInvalidPath(
          await sendRaw(
            running.url,
            'PUT',
            `${base}/mpu/upload-part/${form}?upload_id=${'0'.repeat(32)}&part_number=1`,
            {},
            Buffer.from('x'),
          ),
          `upload-part ${form}`,
        );
      }
    }
  });

  it('in the file name of a multipart upload', async () => {
    for (const localPath of ['..', 'C:\\data\\..', '/home/me/..', 'a\0b']) {
      expectInvalidPath(
        await sendRaw(
          running.url,
          'POST',
          `/api/2.0/mlflow-artifacts/mpu/create/${experimentId}/${runId}/artifacts`,
          ...json({ path: localPath, num_parts: 1 }),
        ),
        `mpu/create path=${localPath}`,
      );
    }
  });

  it('in the path query parameters of listings, UI downloads and uploads', async () => {
    for (const form of TRAVERSAL_PATHS) {
      const value = encodeURIComponent(form);
      const requests: [string, string, Buffer | undefined][] = [
        ['GET', `/api/2.0/mlflow-artifacts/artifacts?path=${value}`, undefined],
        ['GET', `/ajax-api/2.0/mlflow-artifacts/artifacts?path=${value}`, undefined],
        ['GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=${value}`, undefined],
        ['GET', `/ajax-api/2.0/mlflow/artifacts/list?run_id=${runId}&path=${value}`, undefined],
        ['GET', `/get-artifact?run_id=${runId}&path=${value}`, undefined],
        ['GET', `/model-versions/get-artifact?name=traversal-model&version=1&path=${value}`, undefined],
        ['POST', `/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=${value}`, Buffer.from('x')],
        [
          'GET',
          `/api/2.0/mlflow/logged-models/${modelId}/artifacts/directories?artifact_directory_path=${value}`,
          undefined,
        ],
        [
          'GET',
          `/ajax-api/2.0/mlflow/logged-models/${modelId}/artifacts/files?artifact_file_path=${value}`,
          undefined,
        ],
      ];
      for (const [method, url, body] of requests) {
        const headers: Record<string, string> =
          body === undefined ? {} : { 'content-type': 'application/octet-stream' };
        expectInvalidPath(await sendRaw(running.url, method, url, headers, body), `${method} ${url}`);
      }
    }
  });

  it('through a symbolic link in the destination that points outside it', async () => {
    const runRoot = path.join(running.sandbox, 'mlartifacts', experimentId, runId, 'artifacts');
    await symlink(outside, path.join(runRoot, 'linked'));
    const base = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/linked`;
    expectInvalidPath(await sendRaw(running.url, 'GET', `${base}/secret.txt`, {}, undefined), 'GET via link');
    expectInvalidPath(
      await sendRaw(running.url, 'PUT', `${base}/planted.txt`, {}, Buffer.from('x')),
      'PUT via link',
    );
    expectInvalidPath(
      await sendRaw(running.url, 'DELETE', `${base}/secret.txt`, {}, undefined),
      'DELETE via link',
    );
    expectInvalidPath(
      await sendRaw(
        running.url,
        'GET',
        `/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=linked`,
        {},
        undefined,
      ),
      'list via link',
    );
    expectInvalidPath(
      await sendRaw(
        running.url,
        'GET',
        `/get-artifact?run_id=${runId}&path=linked%2Fsecret.txt`,
        {},
        undefined,
      ),
      'get-artifact via link',
    );
  });

  it('through an experiment artifact location that climbs out of the destination', async () => {
    const escaped = await running.createRun('escaping', 'mlflow-artifacts:/../outside');
    for (const [method, url] of [
      ['GET', `/api/2.0/mlflow/artifacts/list?run_id=${escaped.runId}`],
      ['GET', `/get-artifact?run_id=${escaped.runId}&path=secret.txt`],
      ['POST', `/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${escaped.runId}&path=planted.txt`],
    ] as const) {
      const body = method === 'POST' ? Buffer.from('x') : undefined;
      expectInvalidPath(await sendRaw(running.url, method, url, {}, body), `${method} ${url}`);
    }
  });

  it('does not open artifact roots outside the destination and the configured roots', async () => {
    const direct = await running.createRun('direct-root', outside);
    const response = await sendRaw(
      running.url,
      'GET',
      `/get-artifact?run_id=${direct.runId}&path=secret.txt`,
      {},
      undefined,
    );
    expect(response.status).toBe(400);
    expect((response.json as { error_code: string }).error_code).toBe('BAD_REQUEST');
    expect(response.text).not.toContain('secret');
  });
});
