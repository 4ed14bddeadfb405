import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayApp, createGatewayApp, parseGatewayConfig } from '../src/index.js';
import { FakeUpstream } from './support/fake-upstream.js';
import { type ClientResponse, send } from './support/http-client.js';
import { JSON_HEADERS } from './support/endpoint-yaml.js';
import { CapturingLogger } from './support/start-gateway.js';

/** The runtime endpoints API: changes over HTTP, persisted to the YAML file, applied like a hot reload. */
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const ANTHROPIC_KEY = 'sk-ant-resolved-key-0123456789';

function initialYaml(servingUrl: string): string {
  return [
    '# Millrace gateway config: people and the endpoints API both edit it.',
    'endpoints:',
    '  # a local scoring server',
    '  - name: serving-a',
    '    endpoint_type: llm/v1/completions',
    '    model:',
    '      provider: mlflow-model-serving # MLflow scoring protocol',
    '      name: model-a',
    '      config:',
    `        model_server_url: ${servingUrl}`,
    'routes:',
    '  - name: split',
    '    task_type: llm/v1/completions',
    '    destinations:',
    '      - name: serving-a',
    '        traffic_percentage: 100',
    '',
  ].join('\n');
}

function predictions(text: string, delayMs?: number) {
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify({ predictions: [text] }),
    ...(delayMs === undefined ? {} : { delayMs }),
  };
}

function servingEndpoint(name: string, url: string): Record<string, unknown> {
  return {
    name,
    endpoint_type: 'llm/v1/completions',
    model: { provider: 'mlflow-model-serving', name: `model-of-${name}`, config: { model_server_url: url } },
  };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function names(response: ClientResponse): string[] {
  return (response.json as { endpoints: { name: string }[] }).endpoints.map((endpoint) => endpoint.name);
}

describe('endpoints API', () => {
  let directory: string;
  let first: FakeUpstream;
  let second: FakeUpstream;
  let path: string;
  let gateway: GatewayApp;
  let url: string;
  let logger: CapturingLogger;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'millrace-gateway-admin-'));
    first = await FakeUpstream.start();
    second = await FakeUpstream.start();
  });
  beforeEach(async () => {
    first.reset();
    second.reset();
    first.setHandler(() => predictions('from first'));
    second.setHandler((request) => {
      if (request.path === '/v1/messages') {
        return {
          status: 200,
          headers: JSON_HEADERS,
          body: JSON.stringify({
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            model: (request.body as { model: string }).model,
            content: [{ type: 'text', text: 'from claude' }],
            stop_reason: 'end_turn',
            usage: { input_tokens: 3, output_tokens: 2 },
          }),
        };
      }
      return predictions('from second');
    });
    path = join(directory, `gateway-${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(path, initialYaml(first.url));
    await chmod(path, 0o640);
    logger = new CapturingLogger();
    gateway = await createGatewayApp({
      configPath: path,
      watch: true,
      adminToken: ADMIN_TOKEN,
      logger,
      configOptions: { env: { ANTHROPIC_KEY, DATABRICKS_TOKEN: 'dapi-token-0123456789' } },
    });
    url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    const closing = gateway.app.close();
    gateway.app.server.closeAllConnections();
    await closing;
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('creates, queries, patches, replaces and deletes an endpoint; the file follows each step', async () => {
    const created = await send(url, 'POST', '/api/2.0/endpoints/', {
      headers: AUTH,
      body: {
        name: 'claude',
        endpoint_type: 'llm/v1/chat',
        model: {
          provider: 'anthropic',
          name: 'claude-3-5-sonnet-20241022',
          config: { anthropic_api_key: '$ANTHROPIC_KEY', anthropic_api_base: `${second.url}/v1` },
        },
        limit: { calls: 10, renewal_period: 'minute' },
      },
    });
    expect([created.status, created.json]).toEqual([
      201,
      {
        name: 'claude',
        endpoint_type: 'llm/v1/chat',
        model: { name: 'claude-3-5-sonnet-20241022', provider: 'anthropic' },
        endpoint_url: '/gateway/claude/invocations',
        limit: { calls: 10, key: null, renewal_period: 'minute' },
      },
    ]);
    let file = await readFile(path, 'utf8');
    expect(file).toContain('# Millrace gateway config: people and the endpoints API both edit it.');
    expect(file).toContain('  # a local scoring server');
    expect(file).toContain('provider: mlflow-model-serving # MLflow scoring protocol');
    expect(file).toContain('anthropic_api_key: $ANTHROPIC_KEY');
    expect(file).not.toContain(ANTHROPIC_KEY);
    expect(
      parseGatewayConfig(file, { env: { ANTHROPIC_KEY } }).endpoints.map((endpoint) => endpoint.name),
    ).toEqual(['serving-a', 'claude']);
    expect((await stat(path)).mode & 0o777).toBe(0o640);

    expect((await send(url, 'GET', '/api/2.0/endpoints/claude')).status).toBe(200);
    const answer = await send(url, 'POST', '/endpoints/claude/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(answer.json).toMatchObject({ choices: [{ message: { content: 'from claude' } }] });
    expect(second.lastRequest!.headers['x-api-key']).toBe(ANTHROPIC_KEY);

    const patched = await send(url, 'PATCH', '/api/2.0/endpoints/claude', {
      headers: AUTH,
      body: { model: { name: 'claude-3-5-haiku-20241022' }, limit: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      model: { name: 'claude-3-5-haiku-20241022', provider: 'anthropic' },
      limit: null,
    });
    file = await readFile(path, 'utf8');
    expect(file).toContain('name: claude-3-5-haiku-20241022');
    expect(file).toContain('anthropic_api_key: $ANTHROPIC_KEY');
    expect(file).not.toContain('renewal_period');
    await send(url, 'POST', '/endpoints/claude/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect((second.lastRequest!.body as { model: string }).model).toBe('claude-3-5-haiku-20241022');

    const replaced = await send(url, 'PUT', '/api/2.0/endpoints/claude', {
      headers: AUTH,
      body: {
        endpoint_type: 'llm/v1/completions',
        model: { provider: 'mlflow-model-serving', config: { model_server_url: second.url } },
      },
    });
    expect(replaced.json).toMatchObject({
      name: 'claude',
      endpoint_type: 'llm/v1/completions',
      model: { name: null, provider: 'mlflow-model-serving' },
    });
    file = await readFile(path, 'utf8');
    expect(file).not.toContain('anthropic');
    expect(
      (await send(url, 'POST', '/endpoints/claude/invocations', { body: { prompt: 'x' } })).json,
    ).toMatchObject({
      choices: [{ text: 'from second' }],
    });

    const deleted = await send(url, 'DELETE', '/api/2.0/endpoints/claude', {
      headers: { authorization: AUTH.authorization },
    });
    expect([deleted.status, deleted.json]).toEqual([200, {}]);
    expect((await send(url, 'GET', '/api/2.0/endpoints/claude')).status).toBe(404);
    expect((await send(url, 'POST', '/endpoints/claude/invocations', { body: { prompt: 'x' } })).status).toBe(
      404,
    );
    file = await readFile(path, 'utf8');
    expect(file).not.toContain('claude');
    expect(file).toBe(initialYaml(first.url));
    expect(await gateway.metricsRegistry.metrics()).toContain(
      'millrace_gateway_config_reloads_total{result="applied"} 4',
    );
  });

  it('refuses requests without the admin token (401), and answers 403 when the API is disabled', async () => {
    const body = servingEndpoint('nope', first.url);
    const missing = await send(url, 'POST', '/api/2.0/endpoints/', { body });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="millrace-gateway"');
    expect(missing.json).toEqual({
      detail: 'This route needs the gateway admin token: Authorization: Bearer <token>.',
    });
    const wrong = await send(url, 'DELETE', '/api/2.0/endpoints/serving-a', {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect([wrong.status, wrong.json]).toEqual([401, { detail: 'The admin token is not valid.' }]);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
    const basic = await send(url, 'PATCH', '/api/2.0/endpoints/serving-a', {
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: { limit: null },
    });
    expect(basic.status).toBe(401);
    expect(await readFile(path, 'utf8')).toBe(initialYaml(first.url));

    const readOnly = await createGatewayApp({ configPath: path, logger: new CapturingLogger() });
    try {
      const response = await readOnly.app.inject({
        method: 'POST',
        url: '/api/2.0/endpoints/',
        headers: AUTH,
        payload: JSON.stringify(body),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({
        detail: 'The endpoints API is disabled: the gateway was started without an admin token.',
      });
      expect(
        (await readOnly.app.inject({ method: 'DELETE', url: '/api/2.0/gateway/routes/serving-a' }))
          .statusCode,
      ).toBe(403);
      expect((await readOnly.app.inject({ method: 'GET', url: '/api/2.0/endpoints/' })).statusCode).toBe(200);
    } finally {
      await readOnly.app.close();
    }
    await expect(
      createGatewayApp({ config: parseGatewayConfig(initialYaml(first.url)), adminToken: ADMIN_TOKEN }),
    ).rejects.toThrow(/adminToken needs a configPath/);
    await expect(createGatewayApp({ configPath: path, adminToken: 'short' })).rejects.toThrow(
      /at least 16 characters/,
    );
  });

  it('answers invalid bodies with every problem and its path, never echoing secrets, and writes nothing', async () => {
    const before = await readFile(path, 'utf8');
    const notJson = await send(url, 'POST', '/api/2.0/endpoints/', { headers: AUTH, rawBody: '{"name":' });
    expect([notJson.status, notJson.json]).toEqual([400, { detail: 'The request body is not valid JSON.' }]);
    expect((await send(url, 'POST', '/api/2.0/endpoints/', { headers: AUTH, body: [1] })).status).toBe(400);

    const literal = 'sk-ant-api03-literal-secret-never-echoed';
    const invalid = await send(url, 'POST', '/api/2.0/endpoints/', {
      headers: AUTH,
      body: {
        name: 'claude',
        endpoint_type: 'llm/v1/embeddings',
        model: { provider: 'anthropic', config: { anthropic_api_key: literal, anthropic_version: 2023 } },
        limit: { calls: 0, renewal_period: 'fortnight' },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).not.toContain(literal);
    expect(invalid.json).toEqual({
      detail: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: expect.stringMatching(/^Invalid endpoint \(4 problems\):\n {2}- limit\.calls: /),
        problems: [
          { path: 'limit.calls', message: 'must be at least 1' },
          { path: 'model.name', message: 'is required for provider anthropic (the Claude model id)' },
          {
            path: 'endpoint_type',
            message:
              'provider anthropic does not serve llm/v1/embeddings (Anthropic has no embeddings API); it serves llm/v1/chat, llm/v1/completions',
          },
          { path: 'model.config.anthropic_version', message: 'must be a string (quote it in YAML)' },
        ],
      },
    });

    const unknownKeys = await send(url, 'POST', '/api/2.0/endpoints/', {
      headers: AUTH,
      body: { ...servingEndpoint('x', first.url), endpoint_typ: 'llm/v1/chat', route_type: 'llm/v1/chat' },
    });
    expect((unknownKeys.json as { detail: { problems: unknown } }).detail.problems).toEqual([
      { path: 'endpoint_typ', message: 'is not an endpoint field' },
      { path: 'route_type', message: 'is no longer supported: use endpoint_type' },
    ]);
    const missingEnv = await send(url, 'POST', '/api/2.0/endpoints/', {
      headers: AUTH,
      body: {
        name: 'needs-env',
        endpoint_type: 'llm/v1/chat',
        model: {
          provider: 'anthropic',
          name: 'claude-3-5-haiku-20241022',
          config: { anthropic_api_key: '$NOT_SET_ANYWHERE' },
        },
      },
    });
    expect((missingEnv.json as { detail: { problems: unknown } }).detail.problems).toEqual([
      { path: 'model.config.anthropic_api_key', message: 'environment variable NOT_SET_ANYWHERE is not set' },
    ]);
    const badName = await send(url, 'POST', '/api/2.0/endpoints/', {
      headers: AUTH,
      body: servingEndpoint('no spaces allowed', first.url),
    });
    expect((badName.json as { detail: { problems: { path: string }[] } }).detail.problems[0]!.path).toBe(
      'name',
    );

    const duplicate = await send(url, 'POST', '/api/2.0/endpoints/', {
      headers: AUTH,
      body: servingEndpoint('split', first.url),
    });
    expect([duplicate.status, duplicate.json]).toEqual([
      409,
      { detail: "An endpoint or traffic route named 'split' already exists." },
    ]);
    const rename = await send(url, 'PATCH', '/api/2.0/endpoints/serving-a', {
      headers: AUTH,
      body: { name: 'serving-b' },
    });
    expect(rename.status).toBe(400);
    const unknown = await send(url, 'PATCH', '/api/2.0/endpoints/ghost', {
      headers: AUTH,
      body: { limit: null },
    });
    expect([unknown.status, unknown.json]).toEqual([
      404,
      {
        detail:
          "The endpoint 'ghost' is not present or active on the server. Please verify the endpoint name.",
      },
    ]);
    const usedByRoute = await send(url, 'DELETE', '/api/2.0/endpoints/serving-a', { headers: AUTH });
    expect([usedByRoute.status, usedByRoute.json]).toEqual([
      409,
      { detail: "The endpoint 'serving-a' is a destination of the traffic route 'split'; change it first." },
    ]);
    const breaksRoute = await send(url, 'PATCH', '/api/2.0/endpoints/serving-a', {
      headers: AUTH,
      body: { endpoint_type: 'llm/v1/chat' },
    });
    expect(breaksRoute.status).toBe(400);
    expect((breaksRoute.json as { detail: { problems: unknown } }).detail.problems).toEqual([
      {
        path: 'routes[0].destinations[0].name',
        message: 'endpoint "serving-a" is llm/v1/chat, but the route\'s task_type is llm/v1/completions',
      },
    ]);

    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await gateway.metricsRegistry.metrics()).not.toContain('result="applied"} 1');
  });

  it('serialises concurrent creates: every one lands in the file and is served', async () => {
    const count = 8;
    const responses = await Promise.all(
      Array.from({ length: count }, (_value, index) =>
        send(url, 'POST', '/api/2.0/endpoints/', {
          headers: AUTH,
          body: servingEndpoint(`parallel-${index}`, second.url),
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: count }, () => 201));
    const expected = ['serving-a', ...Array.from({ length: count }, (_value, index) => `parallel-${index}`)];
    const fileNames = parseGatewayConfig(await readFile(path, 'utf8')).endpoints.map(
      (endpoint) => endpoint.name,
    );
    expect([...fileNames].sort()).toEqual([...expected].sort());
    expect(names(await send(url, 'GET', '/api/2.0/endpoints/')).sort()).toEqual([...expected].sort());
    const answers = await Promise.all(
      Array.from({ length: count }, (_value, index) =>
        send(url, 'POST', `/endpoints/parallel-${index}/invocations`, { body: { prompt: 'x' } }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // The watcher sees the API's own writes and does not apply them a second time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await gateway.metricsRegistry.metrics()).toContain(
      `millrace_gateway_config_reloads_total{result="applied"} ${count}`,
    );
  });

  it('keeps the served config equal to the file when a hand edit races an API write', async () => {
    const handEdited = initialYaml(first.url).replace(
      'routes:',
      [
        '  - name: manual',
        '    endpoint_type: llm/v1/completions',
        '    model:',
        '      provider: mlflow-model-serving',
        '      config:',
        `        model_server_url: ${second.url}`,
        'routes:',
      ].join('\n'),
    );
    const [created] = await Promise.all([
      send(url, 'POST', '/api/2.0/endpoints/', {
        headers: AUTH,
        body: servingEndpoint('api-made', second.url),
      }),
      writeFile(path, handEdited),
    ]);
    expect(created.status === 201 || created.status === 409).toBe(true);
    // Settle: the watcher's debounce (200 ms) and any reload it triggers.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const file = await readFile(path, 'utf8');
    const fileNames = parseGatewayConfig(file).endpoints.map((endpoint) => endpoint.name);
    expect(fileNames).toContain('manual');
    expect(names(await send(url, 'GET', '/api/2.0/endpoints/'))).toEqual(fileNames);

    // A write after the hand edit is based on it: nothing of the hand edit is lost.
    const later = await send(url, 'POST', '/api/2.0/endpoints/', {
      headers: AUTH,
      body: servingEndpoint('after', second.url),
    });
    expect(later.status).toBe(201);
    const finalNames = parseGatewayConfig(await readFile(path, 'utf8')).endpoints.map(
      (endpoint) => endpoint.name,
    );
    expect(finalNames).toEqual(expect.arrayContaining(['serving-a', 'manual', 'after']));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(names(await send(url, 'GET', '/api/2.0/endpoints/'))).toEqual(finalNames);
    expect(logger.text).not.toContain('error');
  });

  it('finishes requests in flight on the old config when an update is applied', async () => {
    first.enqueue(predictions('slow answer from first', 400));
    const inFlight = send(url, 'POST', '/endpoints/serving-a/invocations', { body: { prompt: 'x' } });
    await waitFor(() => first.requests.length === 1);
    const patched = await send(url, 'PATCH', '/api/2.0/endpoints/serving-a', {
      headers: AUTH,
      body: { model: { config: { model_server_url: second.url } } },
    });
    expect(patched.status).toBe(200);
    const during = await send(url, 'POST', '/endpoints/serving-a/invocations', { body: { prompt: 'y' } });
    expect(during.json).toMatchObject({ choices: [{ text: 'from second' }] });
    const old = await inFlight;
    expect([old.status, old.json]).toEqual([
      200,
      expect.objectContaining({ choices: [expect.objectContaining({ text: 'slow answer from first' })] }),
    ]);
    const file = await readFile(path, 'utf8');
    expect(file).toContain(`model_server_url: ${second.url}`);
    expect(file).toContain('provider: mlflow-model-serving # MLflow scoring protocol');
  });

  it("supports MLflow 2.x's create_route and delete_route", async () => {
    const created = await send(url, 'POST', '/api/2.0/gateway/routes/', {
      headers: AUTH,
      body: {
        name: 'completions-mpt-7b-instruct',
        route_type: 'llm/v1/completions',
        model: {
          name: 'mpt-7b-instruct',
          provider: 'databricks-model-serving',
          config: { databricks_api_token: '$DATABRICKS_TOKEN', databricks_workspace_url: second.url },
        },
      },
    });
    expect([created.status, created.json]).toEqual([
      201,
      {
        name: 'completions-mpt-7b-instruct',
        route_type: 'llm/v1/completions',
        model: { name: 'mpt-7b-instruct', provider: 'databricks-model-serving' },
        route_url: '/gateway/completions-mpt-7b-instruct/invocations',
        limit: null,
      },
    ]);
    const file = await readFile(path, 'utf8');
    expect(file).toContain('endpoint_type: llm/v1/completions');
    expect(file).not.toContain('route_type');
    const answer = await send(url, 'POST', '/gateway/completions-mpt-7b-instruct/invocations', {
      body: { prompt: 'What is MLflow?', temperature: 0.3, max_tokens: 200 },
    });
    expect(answer.json).toMatchObject({ choices: [{ text: 'from second' }] });
    expect(second.lastRequest!.path).toBe('/serving-endpoints/mpt-7b-instruct/invocations');
    expect(
      (await send(url, 'DELETE', '/api/2.0/gateway/routes/completions-mpt-7b-instruct', { headers: AUTH }))
        .status,
    ).toBe(200);
    expect((await send(url, 'GET', '/api/2.0/gateway/routes/completions-mpt-7b-instruct')).status).toBe(404);
  });
});
