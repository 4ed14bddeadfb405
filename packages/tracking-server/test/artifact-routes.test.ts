import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createLocalArtifactRepository, DEFAULT_ARTIFACT_ROOT } from '@millrace/store';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrackingApp } from '../src/index.js';
import { startArtifactServer, type RunningArtifactServer } from './support/artifact-server-fixture.js';
import { sendRaw } from './support/tracking-vectors.js';

function upload(running: RunningArtifactServer, artifactPath: string, content: string, contentType?: string) {
  return sendRaw(
    running.url,
    'PUT',
    `/api/2.0/mlflow-artifacts/artifacts/${artifactPath.split('/').map(encodeURIComponent).join('/')}`,
    contentType === undefined ? {} : { 'content-type': contentType },
    Buffer.from(content),
  );
}

describe('artifact routes', () => {
  let running: RunningArtifactServer;

  afterEach(async () => {
    expect(running.server.loggedErrors).toEqual([]);
    await running.close();
  });

  it('serves downloads as attachments with a guessed type, nosniff and the length; HEAD sends only headers', async () => {
    running = await startArtifactServer();
    const files: [string, string, string][] = [
      ['a/config.yaml', 'text/plain', 'attachment; filename=config.yaml'],
      ['a/MLmodel', 'text/plain', 'attachment; filename=MLmodel'],
      ['a/data.json', 'text/plain', 'attachment; filename=data.json'],
      ['a/plot.png', 'image/png', 'attachment; filename=plot.png'],
      ['a/model.pkl', 'application/octet-stream', 'attachment; filename=model.pkl'],
      ['a/with space.txt', 'text/plain', 'attachment; filename="with space.txt"'],
    ];
    for (const [file, type, disposition] of files) {
      expect((await upload(running, file, `content of ${file}`, 'application/octet-stream')).status).toBe(
        200,
      );
      const url = `/api/2.0/mlflow-artifacts/artifacts/${file.split('/').map(encodeURIComponent).join('/')}`;
      const response = await sendRaw(running.url, 'GET', url, {}, undefined);
      expect(response.status).toBe(200);
      expect(response.text).toBe(`content of ${file}`);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['content-disposition']).toBe(disposition);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-length']).toBe(String(Buffer.byteLength(`content of ${file}`)));
      const head = await sendRaw(running.url, 'HEAD', url, {}, undefined);
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(response.headers['content-length']);
      expect(head.text).toBe('');
    }
  });

  it('stores upload bodies verbatim whatever their Content-Type, including none and JSON', async () => {
    running = await startArtifactServer();
    const bodies: [string, string | undefined, string][] = [
      ['traces.json', 'application/json', '{"spans": [{"trace_id": "not parsed"}]}'],
      ['broken.json', 'application/json', '{not json'],
      ['image.png', 'image/png', '\u0089PNG fake'],
      ['plain', undefined, 'no content type at all'],
      ['form.txt', 'application/x-www-form-urlencoded', 'a=1&b=2'],
    ];
    for (const [file, type, content] of bodies) {
      const response = await upload(running, `u/${file}`, content, type);
      expect(response.status, response.text).toBe(200);
      expect(response.json).toEqual({});
      const download = await sendRaw(
        running.url,
        'GET',
        `/api/2.0/mlflow-artifacts/artifacts/u/${file}`,
        {},
        undefined,
      );
      expect(download.text).toBe(content);
    }
  });

  it('an upload cut off by the client stores nothing and is not logged as an internal error', async () => {
    running = await startArtifactServer();
    const { hostname, port } = new URL(running.url);
    await new Promise<void>((resolve) => {
      const outgoing = request({
        host: hostname,
        port,
        method: 'PUT',
        path: '/api/2.0/mlflow-artifacts/artifacts/cut/model.bin',
        headers: { 'content-length': String(1024 * 1024) },
      });
      outgoing.on('error', () => resolve());
      outgoing.write(Buffer.alloc(100 * 1024), () => {
        setTimeout(() => {
          outgoing.destroy();
          resolve();
        }, 50);
      });
    });
    await delay(200);
    const listing = await sendRaw(
      running.url,
      'GET',
      '/api/2.0/mlflow-artifacts/artifacts?path=cut',
      {},
      undefined,
    );
    expect(listing.json).toEqual({});
    expect(await readdir(path.join(running.sandbox, 'mlartifacts', 'cut'))).toEqual([]);
  });

  it('answers other methods on the artifact paths with 405 and Allow, OPTIONS with 204', async () => {
    running = await startArtifactServer();
    const post = await sendRaw(
      running.url,
      'POST',
      '/api/2.0/mlflow-artifacts/artifacts/a/b.txt',
      {},
      undefined,
    );
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS, PUT');
    expect((post.json as { error_code: string }).error_code).toBe('BAD_REQUEST');
    const options = await sendRaw(
      running.url,
      'OPTIONS',
      '/api/2.0/mlflow-artifacts/mpu/create/a',
      {},
      undefined,
    );
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('OPTIONS, POST');
    const getPart = await sendRaw(
      running.url,
      'GET',
      '/api/2.0/mlflow-artifacts/mpu/upload-part/a',
      {},
      undefined,
    );
    expect(getPart.status).toBe(405);
    const putList = await sendRaw(
      running.url,
      'PUT',
      '/api/2.0/mlflow-artifacts/artifacts',
      {},
      Buffer.from('x'),
    );
    expect(putList.status).toBe(405);
  });

  it('with serving off, every proxied route answers 503 in plain text, and proxied run roots are refused', async () => {
    running = await startArtifactServer({ serveArtifacts: false });
    const { experimentId, runId } = await running.createRun();
    const requests: [string, string, Buffer | undefined][] = [
      ['GET', '/api/2.0/mlflow-artifacts/artifacts?path=1', undefined],
      ['GET', '/api/2.0/mlflow-artifacts/artifacts/1/a.txt', undefined],
      ['PUT', '/api/2.0/mlflow-artifacts/artifacts/1/a.txt', Buffer.from('x')],
      ['DELETE', '/ajax-api/2.0/mlflow-artifacts/artifacts/1/a.txt', undefined],
      ['POST', '/api/2.0/mlflow-artifacts/mpu/create/1', Buffer.from('{"path": "a", "num_parts": 1}')],
      ['POST', '/api/2.0/mlflow-artifacts/mpu/complete/1', Buffer.from('{}')],
      ['POST', '/api/2.0/mlflow-artifacts/mpu/abort/1', Buffer.from('{}')],
      ['PUT', '/api/2.0/mlflow-artifacts/mpu/upload-part/1/a?upload_id=x&part_number=1', Buffer.from('x')],
    ];
    for (const [method, url, body] of requests) {
      const response = await sendRaw(running.url, method, url, { 'content-type': 'application/json' }, body);
      expect(response.status, `${method} ${url}`).toBe(503);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.text).toMatch(
        /^Endpoint: \S+ disabled due to the mlflow server running with `--no-serve-artifacts`/,
      );
    }
    const list = await sendRaw(
      running.url,
      'GET',
      `/api/2.0/mlflow/artifacts/list?run_id=${runId}`,
      {},
      undefined,
    );
    expect(list.status).toBe(400);
    expect(experimentId).toMatch(/^\d+$/);
  });

  it('serves everything under the static prefix, the multipart part URLs included', async () => {
    running = await startArtifactServer({ appOptions: () => ({ staticPrefix: '/mlflow' }) });
    const put = await sendRaw(
      running.url,
      'PUT',
      '/mlflow/api/2.0/mlflow-artifacts/artifacts/p/a.txt',
      {},
      Buffer.from('a'),
    );
    expect(put.status).toBe(200);
    const get = await sendRaw(
      running.url,
      'GET',
      '/mlflow/ajax-api/2.0/mlflow-artifacts/artifacts/p/a.txt',
      {},
      undefined,
    );
    expect(get.text).toBe('a');
    expect(
      (await sendRaw(running.url, 'GET', '/api/2.0/mlflow-artifacts/artifacts/p/a.txt', {}, undefined))
        .status,
    ).toBe(404);
    const created = await sendRaw(
      running.url,
      'POST',
      '/mlflow/api/2.0/mlflow-artifacts/mpu/create/p',
      { 'content-type': 'application/json' },
      Buffer.from(JSON.stringify({ path: 'b.bin', num_parts: 1 })),
    );
    const [credential] = (created.json as { credentials: { url: string }[] }).credentials;
    expect(new URL(credential?.url ?? '').pathname).toBe(
      '/mlflow/api/2.0/mlflow-artifacts/mpu/upload-part/p/b.bin',
    );
  });

  it('refuses to serve artifacts without a destination', () => {
    expect(() => createTrackingApp({ trackingStore: {} as never, serveArtifacts: true })).toThrow(
      /artifactsDestination/,
    );
  });

  it('lists, downloads and uploads runs whose root lies under a configured direct root', async () => {
    running = await startArtifactServer({
      appOptions: (sandbox) => ({ directArtifactRoots: [path.join(sandbox, 'mlruns')] }),
    });
    const directRoot = path.join(running.sandbox, 'mlruns');
    const { runId } = await running.createRun('direct', path.join(directRoot, 'exp'));
    const runRoot = path.join(directRoot, 'exp', runId, 'artifacts');
    await mkdir(path.join(runRoot, 'model'), { recursive: true });
    await writeFile(path.join(runRoot, 'model', 'MLmodel'), 'flavors: {}\n');
    const list = await sendRaw(
      running.url,
      'GET',
      `/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=model`,
      {},
      undefined,
    );
    expect(list.json).toEqual({
      root_uri: `${path.join(directRoot, 'exp')}/${runId}/artifacts`,
      files: [{ path: 'model/MLmodel', is_dir: false, file_size: 12 }],
    });
    const download = await sendRaw(
      running.url,
      'GET',
      `/get-artifact?run_uuid=${runId}&path=model%2FMLmodel`,
      {},
      undefined,
    );
    expect(download.text).toBe('flavors: {}\n');
    const ajax = await sendRaw(
      running.url,
      'POST',
      `/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=notes%2Freadme.md`,
      { 'content-type': 'text/markdown' },
      Buffer.from('# notes'),
    );
    expect(ajax.status).toBe(200);
    expect(ajax.text).toBe('');
    expect(await createLocalArtifactRepository(runRoot).listArtifacts('notes')).toEqual([
      { path: 'notes/readme.md', isDir: false, fileSize: 7 },
    ]);
    // The same directory as a file: URI is another root string: not configured, not served.
    const viaUri = await running.createRun('direct-uri', pathToFileURL(path.join(directRoot, 'exp')).href);
    const refused = await sendRaw(
      running.url,
      'GET',
      `/api/2.0/mlflow/artifacts/list?run_id=${viaUri.runId}`,
      {},
      undefined,
    );
    expect(refused.status).toBe(400);
  });

  it('limits UI uploads to 10 MB and refuses empty ones, storing nothing', async () => {
    running = await startArtifactServer();
    const { experimentId, runId } = await running.createRun();
    const tooLarge = await sendRaw(
      running.url,
      'POST',
      `/ajax-api/2.0/mlflow/upload-artifact?run_uuid=${runId}&path=big.bin`,
      { 'content-type': 'application/octet-stream' },
      Buffer.alloc(10 * 1024 * 1024 + 1),
    );
    expect(tooLarge.status).toBe(400);
    expect((tooLarge.json as { message: string }).message).toBe(
      'Artifact size is too large. Max size is 10MB.',
    );
    for (const [query, body, message] of [
      ['path=x.txt', 'x', 'Request must specify run_uuid.'],
      [`run_uuid=${runId}`, 'x', 'Request must specify path.'],
      [`run_uuid=${runId}&path=empty.txt`, '', 'Request must specify data.'],
    ] as const) {
      const response = await sendRaw(
        running.url,
        'POST',
        `/ajax-api/2.0/mlflow/upload-artifact?${query}`,
        {},
        Buffer.from(body),
      );
      expect(response.status).toBe(400);
      expect((response.json as { message: string }).message).toBe(message);
    }
    const list = await sendRaw(
      running.url,
      'GET',
      `/api/2.0/mlflow/artifacts/list?run_id=${runId}`,
      {},
      undefined,
    );
    expect(list.json).toEqual({ root_uri: `${DEFAULT_ARTIFACT_ROOT}${experimentId}/${runId}/artifacts` });
  });

  it('serves a model version file through its source run (/model-versions/get-artifact)', async () => {
    running = await startArtifactServer();
    const { experimentId, runId } = await running.createRun();
    await upload(running, `${experimentId}/${runId}/artifacts/model/MLmodel`, 'artifact_path: model\n');
    await running.server.modelRegistryStore.createRegisteredModel({ name: 'served' });
    await running.server.modelRegistryStore.createModelVersion({
      name: 'served',
      source: `runs:/${runId}/model`,
      runId,
    });
    const response = await sendRaw(
      running.url,
      'GET',
      '/model-versions/get-artifact?name=served&version=1&path=MLmodel',
      {},
      undefined,
    );
    expect(response.status, response.text).toBe(200);
    expect(response.text).toBe('artifact_path: model\n');
    expect(response.headers['content-disposition']).toBe('attachment; filename=MLmodel');
    const missing = await sendRaw(
      running.url,
      'GET',
      '/model-versions/get-artifact?name=served&version=1&path=nope',
      {},
      undefined,
    );
    expect(missing.status).toBe(404);
  });
});
