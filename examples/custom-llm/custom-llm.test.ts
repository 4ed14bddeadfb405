// The custom LLM example end to end, through the CLI as its README runs it: save, predict with a
// params override, serve from another working directory (a copy of the model directory, with no
// access to the example's sources), query over HTTP and stream.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMillrace, startMillrace, type RunningServer } from '../../packages/cli/test/millrace-process.js';

const example = fileURLToPath(new URL('.', import.meta.url));
let workspace: string;
let modelPath: string;

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[a-z]/i.test(word)).length;
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'millrace-custom-llm-'));
  modelPath = join(workspace, 'custom-llm');
  const result = await runMillrace([
    'models',
    'save',
    '--code',
    join(example, 'model.ts'),
    '--path',
    modelPath,
    '--artifact',
    `snapshot=${join(example, 'snapshot')}`,
    '--signature',
    join(example, 'signature.json'),
    '--input-example',
    join(example, 'input-example.json'),
  ]);
  expect(result.code, result.stderr).toBe(0);
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('examples/custom-llm', () => {
  it("saves an MLflow model directory with the seed's signature and params defaults", async () => {
    const mlmodel = await readFile(join(modelPath, 'MLmodel'), 'utf8');
    expect(mlmodel).toContain('node_function:');
    expect(mlmodel).toContain('{"name": "temperature", "default": 0.1, "shape": null, "type": "float"}');
    expect(mlmodel).toContain('{"name": "max_tokens", "default": 1000, "shape": null, "type": "integer"}');
    expect(JSON.parse(await readFile(join(modelPath, 'input_example.json'), 'utf8'))).toEqual({
      columns: ['prompt'],
      data: [['What is machine learning?']],
    });
    expect(await readFile(join(modelPath, 'artifacts', 'snapshot', 'corpus.txt'), 'utf8')).toContain(
      'Machine learning',
    );
  });

  it('predicts with a params override from the CLI', async () => {
    const result = await runMillrace([
      'models',
      'predict',
      '-m',
      modelPath,
      '-i',
      join(example, 'request.json'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { predictions: { candidates: string[] } };
    expect(body.predictions.candidates).toHaveLength(1);
    const words = wordCount(body.predictions.candidates[0]!);
    expect(words).toBeGreaterThan(0);
    expect(words).toBeLessThanOrEqual(12);
  });

  describe('served from a copy in another directory', () => {
    let server: RunningServer;
    let servedCopy: string;

    beforeAll(async () => {
      const elsewhere = await mkdtemp(join(tmpdir(), 'millrace-elsewhere-'));
      servedCopy = join(elsewhere, 'model');
      await cp(modelPath, servedCopy, { recursive: true });
      server = await startMillrace(
        ['models', 'serve', '-m', servedCopy, '-p', '0', '--env-manager', 'local'],
        { cwd: elsewhere },
      );
    });

    afterAll(async () => {
      await server.stop();
      await rm(join(servedCopy, '..'), { recursive: true, force: true });
    });

    const invoke = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.address}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    it('answers with the default max_tokens unless overridden', async () => {
      const limited = await invoke({
        dataframe_split: { columns: ['prompt'], data: [['Tell me about rivers']] },
        params: { max_tokens: 3 },
      });
      expect(limited.status).toBe(200);
      const limitedBody = (await limited.json()) as { predictions: { candidates: string[] } };
      expect(wordCount(limitedBody.predictions.candidates[0]!)).toBeLessThanOrEqual(3);

      const unlimited = await invoke({ inputs: { prompt: 'Tell me about rivers' } });
      const unlimitedBody = (await unlimited.json()) as { predictions: { candidates: string[] } };
      expect(wordCount(unlimitedBody.predictions.candidates[0]!)).toBeGreaterThan(3);
    });

    it('is deterministic at low temperature', async () => {
      const request = {
        inputs: [{ prompt: 'What is MLflow?' }],
        params: { temperature: 0.01, max_tokens: 10 },
      };
      const first = await (await invoke(request)).json();
      const second = await (await invoke(request)).json();
      expect(first).toEqual(second);
    });

    it('rejects a wrong param type with MLflow error JSON', async () => {
      const response = await invoke({ inputs: [{ prompt: 'x' }], params: { max_tokens: 'many' } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error_code: string; message: string };
      expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(body.message).toContain('max_tokens');
    });

    it('streams tokens as server-sent events', async () => {
      const response = await invoke(
        { inputs: [{ prompt: 'Tell me about rivers' }], params: { max_tokens: 5 } },
        { accept: 'text/event-stream' },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: '));
      expect(events.at(-1)).toBe('data: [DONE]');
      const chunks = events
        .slice(0, -1)
        .map((event) => JSON.parse(event.slice(6)) as { candidates: string[] });
      expect(chunks.length).toBeGreaterThan(0);
      expect(chunks.length).toBeLessThanOrEqual(5);
      const streamed = chunks.map((chunk) => chunk.candidates[0]).join('');
      const whole = (await (
        await invoke({ inputs: [{ prompt: 'Tell me about rivers' }], params: { max_tokens: 5 } })
      ).json()) as {
        predictions: { candidates: string[] };
      };
      expect(streamed).toBe(whole.predictions.candidates[0]);
    });
  });
});
