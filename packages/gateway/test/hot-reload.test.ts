import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type GatewayApp,
  type GatewayConfig,
  createGatewayApp,
  parseGatewayConfig,
  watchGatewayConfig,
} from '../src/index.js';
import { FakeUpstream } from './support/fake-upstream.js';
import { send } from './support/http-client.js';
import { CapturingLogger } from './support/start-gateway.js';

function servingConfig(endpoints: Record<string, string>): string {
  return [
    'endpoints:',
    ...Object.entries(endpoints).map(([name, url]) =>
      [
        `  - name: ${name}`,
        '    endpoint_type: llm/v1/completions',
        '    model:',
        '      provider: mlflow-model-serving',
        `      name: model-of-${name}`,
        '      config:',
        `        model_server_url: ${url}`,
      ].join('\n'),
    ),
  ].join('\n');
}

function predictions(text: string, delayMs?: number) {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ predictions: [text] }),
    ...(delayMs === undefined ? {} : { delayMs }),
  };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('hot reload', () => {
  let directory: string;
  let first: FakeUpstream;
  let second: FakeUpstream;
  const closers: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'millrace-gateway-reload-'));
    first = await FakeUpstream.start();
    second = await FakeUpstream.start();
    first.setHandler(() => predictions('from first'));
    second.setHandler(() => predictions('from second'));
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    first.reset();
    second.reset();
  });

  afterAll(async () => {
    await first.close();
    await second.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('watchGatewayConfig debounces, ignores identical and invalid files, and reports deletion', async () => {
    const path = join(directory, 'watched.yaml');
    await writeFile(path, servingConfig({ a: first.url }));
    const logger = new CapturingLogger();
    const seen: GatewayConfig[] = [];
    const watcher = watchGatewayConfig(path, (config) => void seen.push(config), { logger, debounceMs: 50 });
    closers.push(() => watcher.close());

    await writeFile(path, servingConfig({ a: first.url }));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(seen).toHaveLength(0);

    await writeFile(path, servingConfig({ a: first.url, b: first.url }));
    await writeFile(path, servingConfig({ a: first.url, b: first.url, c: first.url }));
    await waitFor(() => seen.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.endpoints.map((endpoint) => endpoint.name)).toEqual(['a', 'b', 'c']);

    await writeFile(path, 'endpoints:\n  - name: broken\n');
    await waitFor(() => logger.text.includes('endpoints[0].endpoint_type: is required'));
    expect(logger.text).toContain('The current config keeps serving.');
    expect(seen).toHaveLength(1);

    await unlink(path);
    await waitFor(() => logger.text.includes('deleted; the current config keeps serving'));
    expect(seen).toHaveLength(1);
  });

  it('createGatewayApp({watch: true}) serves the new config after a change, and keeps the old one on a bad file', async () => {
    const path = join(directory, 'served.yaml');
    await writeFile(path, servingConfig({ a: first.url }));
    const logger = new CapturingLogger();
    const gateway = await createGatewayApp({ configPath: path, watch: true, logger });
    closers.push(() => gateway.app.close());
    const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });

    expect(
      (await send(url, 'POST', '/endpoints/a/invocations', { body: { prompt: 'x' } })).json,
    ).toMatchObject({
      choices: [{ text: 'from first' }],
    });
    await writeFile(path, servingConfig({ a: second.url, b: second.url }));
    await waitFor(async () => (await send(url, 'GET', '/api/2.0/endpoints/b')).status === 200);
    expect(
      (await send(url, 'POST', '/endpoints/a/invocations', { body: { prompt: 'x' } })).json,
    ).toMatchObject({
      choices: [{ text: 'from second' }],
    });
    expect(logger.text).toContain('configuration reloaded');

    await writeFile(path, servingConfig({ a: 'not-a-url' }));
    await waitFor(() => logger.text.includes('model_server_url: is not a valid URL'));
    expect((await send(url, 'POST', '/endpoints/b/invocations', { body: { prompt: 'x' } })).status).toBe(200);
    expect(gateway.config.endpoints.map((endpoint) => endpoint.name)).toEqual(['a', 'b']);
  });

  it('finishes in-flight requests on the config they started with', async () => {
    const gateway: GatewayApp = await createGatewayApp({
      config: parseGatewayConfig(servingConfig({ a: first.url })),
      logger: new CapturingLogger(),
    });
    closers.push(() => gateway.app.close());
    const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });

    first.enqueue(predictions('slow answer from first', 400));
    const inFlight = send(url, 'POST', '/endpoints/a/invocations', { body: { prompt: 'x' } });
    await waitFor(() => first.requests.length === 1);
    await gateway.reload(parseGatewayConfig(servingConfig({ a: second.url })));

    const during = await send(url, 'POST', '/endpoints/a/invocations', { body: { prompt: 'y' } });
    expect(during.json).toMatchObject({ choices: [{ text: 'from second' }] });
    const old = await inFlight;
    expect(old.status).toBe(200);
    expect(old.json).toMatchObject({ choices: [{ text: 'slow answer from first' }], model: 'model-of-a' });
    expect(first.requests).toHaveLength(1);
    expect(second.requests).toHaveLength(1);
  });

  it('reload() re-reads configPath and rejects an invalid file without changing anything', async () => {
    const path = join(directory, 'manual.yaml');
    await writeFile(path, servingConfig({ a: first.url }));
    const gateway = await createGatewayApp({ configPath: path, logger: new CapturingLogger() });
    closers.push(() => gateway.app.close());
    await writeFile(path, servingConfig({ a: first.url, z: second.url }));
    expect((await gateway.reload()).endpoints.map((endpoint) => endpoint.name)).toEqual(['a', 'z']);
    await writeFile(path, 'endpoints: 3');
    await expect(gateway.reload()).rejects.toThrow(/endpoints: must be a list/);
    expect(gateway.config.endpoints.map((endpoint) => endpoint.name)).toEqual(['a', 'z']);
    const metrics = await gateway.metricsRegistry.metrics();
    expect(metrics).toContain('millrace_gateway_config_reloads_total{result="applied"} 1');
    expect(metrics).toContain('millrace_gateway_config_reloads_total{result="rejected"} 1');
  });
});
