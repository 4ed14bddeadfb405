// One endpoint rate limit enforced across two gateway processes that share Redis
// (`--rate-limit-storage redis://…`), as two replicas behind a load balancer would run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from '../../gateway/test/support/fake-upstream.js';
import { openAIFakeHandler } from '../../gateway/test/support/openai-fake-handler.js';
import { startMillrace, type RunningServer } from './millrace-process.js';

const REDIS_URL = process.env.MILLRACE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let workspace: string;
let upstream: FakeUpstream;
const replicas: RunningServer[] = [];
// A fresh endpoint name per run, so counters left in Redis by an earlier run never count here.
const endpointName = `chat-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'millrace-replicas-'));
  upstream = await FakeUpstream.start();
  upstream.setHandler(openAIFakeHandler);
  const configPath = join(workspace, 'config.yaml');
  await writeFile(
    configPath,
    [
      'endpoints:',
      `  - name: ${endpointName}`,
      '    endpoint_type: llm/v1/chat',
      '    model:',
      '      provider: openai',
      '      name: gpt-test',
      `      config: { openai_api_key: sk-test-not-a-secret, openai_api_base: ${upstream.url}/v1 }`,
      '    limit: { renewal_period: minute, calls: 3 }',
      '',
    ].join('\n'),
  );
  for (let index = 0; index < 2; index += 1) {
    replicas.push(
      await startMillrace([
        'gateway',
        'start',
        '--config-path',
        configPath,
        '--port',
        '0',
        '--rate-limit-storage',
        REDIS_URL,
      ]),
    );
  }
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await upstream?.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('gateway replicas sharing Redis', () => {
  it('enforce one budget: the fourth call in the window is refused by whichever replica gets it', async () => {
    const ask = (replica: RunningServer) =>
      fetch(`${replica.address}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: endpointName, messages: [{ role: 'user', content: 'hi' }] }),
      });
    const [first, second] = replicas as [RunningServer, RunningServer];
    const statuses = [(await ask(first)).status, (await ask(second)).status, (await ask(first)).status];
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await ask(second);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await ask(first)).status).toBe(429);
    expect(upstream.requests).toHaveLength(3);
  });
});
