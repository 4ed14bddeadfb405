// The tracking flow end to end, as the seeds run it: the SDK creates an experiment, logs a run with
// params, metrics and an artifact, logs the custom LLM example model with registeredModelName; the
// CLI inspects it; `millrace models serve -m models:/<name>/1` serves the registered version.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSignature } from '@millrace/core';
import {
  logArtifact,
  logMetric,
  logModel,
  logParams,
  setExperiment,
  setTrackingUri,
  startRun,
  type LoggedModelInfo,
} from '@millrace/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMillrace, startMillrace, type RunningServer } from './millrace-process.js';

const example = fileURLToPath(new URL('../../../examples/custom-llm/', import.meta.url));
const MODEL_NAME = 'mpt-7b-instruct';
let workspace: string;
let server: RunningServer;
let runId: string;
let experimentId: string;
let logged: LoggedModelInfo;
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'millrace-tracking-e2e-'));
  server = await startMillrace([
    'server',
    '--backend-store-uri',
    `sqlite:///${join(workspace, 'mlflow.db')}`,
    '--artifacts-destination',
    join(workspace, 'mlartifacts'),
    '-p',
    '0',
  ]);
  environment = { MLFLOW_TRACKING_URI: server.address, MILLRACE_ARTIFACT_CACHE: join(workspace, 'cache') };
  setTrackingUri(server.address);
  const experiment = await setExperiment('custom-llm-walkthrough');
  experimentId = experiment.experimentId;
  const notes = join(workspace, 'notes.txt');
  await writeFile(notes, 'prompt template v1\n');
  const signature = JSON.parse(await readFile(join(example, 'signature.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  await startRun({ runName: 'custom-llm' }, async (run) => {
    runId = run.info.runId;
    await logParams({ template: 'instruction', snapshot: 'bigram-demo' });
    for (let step = 0; step < 50; step += 1) await logMetric('loss', 1 / (step + 1), { step });
    await logArtifact(notes);
    logged = await logModel({
      name: 'model',
      code: join(example, 'model.ts'),
      artifacts: { snapshot: join(example, 'snapshot') },
      signature: parseSignature({
        inputs: JSON.stringify(signature.inputs),
        outputs: JSON.stringify(signature.outputs),
        params: JSON.stringify(signature.params),
      }),
      inputExample: [{ prompt: 'What is machine learning?' }],
      registeredModelName: MODEL_NAME,
    });
  });
});

afterAll(async () => {
  await server?.stop();
  await rm(workspace, { recursive: true, force: true });
});

describe('tracking, registry and serving from the registry', () => {
  it('registers version 1, READY, with the logged model as its source', () => {
    expect(logged.registeredModelVersion?.version).toBe('1');
    expect(logged.registeredModelVersion?.status).toBe('READY');
    expect(logged.modelUri).toBe(`models:/${logged.modelId}`);
  });

  it('shows the run, its params, metrics and artifacts through the CLI', async () => {
    const listed = await runMillrace(['runs', 'list', '--experiment-id', experimentId], { env: environment });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(runId);
    expect(listed.stdout).toContain('FINISHED');

    const described = await runMillrace(['runs', 'describe', '--run-id', runId], { env: environment });
    const run = JSON.parse(described.stdout) as {
      data: {
        params: Record<string, string>;
        metrics: Record<string, number> | { key: string; value: number }[];
      };
    };
    expect(run.data.params).toMatchObject({ template: 'instruction' });
    expect(JSON.stringify(run.data.metrics)).toContain('0.02');

    const artifacts = await runMillrace(['artifacts', 'list', '-r', runId], { env: environment });
    expect((JSON.parse(artifacts.stdout) as { path: string }[]).map((file) => file.path)).toContain(
      'notes.txt',
    );

    const destination = join(workspace, 'downloaded');
    const downloaded = await runMillrace(
      ['artifacts', 'download', '-r', runId, '-a', 'notes.txt', '-d', destination],
      { env: environment },
    );
    expect(downloaded.code, downloaded.stderr).toBe(0);
    expect(await readFile(downloaded.stdout.trim(), 'utf8')).toBe('prompt template v1\n');
  });

  it('creates, searches and deletes experiments through the CLI', async () => {
    const created = await runMillrace(['experiments', 'create', '-n', 'scratch'], { env: environment });
    expect(created.code, created.stderr).toBe(0);
    const id = /with id (\d+)/.exec(created.stdout)?.[1];
    expect(id).toBeDefined();
    expect((await runMillrace(['experiments', 'search'], { env: environment })).stdout).toContain('scratch');
    expect((await runMillrace(['experiments', 'delete', '-x', id!], { env: environment })).code).toBe(0);
    const active = await runMillrace(['experiments', 'search'], { env: environment });
    expect(active.stdout).not.toContain('scratch');
    expect(
      (await runMillrace(['experiments', 'search', '-v', 'deleted_only'], { env: environment })).stdout,
    ).toContain('scratch');
  });

  it('serves models:/<name>/1 with millrace models serve', async () => {
    const scoring = await startMillrace(['models', 'serve', '-m', `models:/${MODEL_NAME}/1`, '-p', '0'], {
      env: environment,
    });
    try {
      const response = await fetch(`${scoring.address}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: { prompt: 'Tell me about rivers' }, params: { max_tokens: 4 } }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { predictions: { candidates: string[] } };
      expect(body.predictions.candidates[0]!.length).toBeGreaterThan(0);
    } finally {
      await scoring.stop();
    }
  });

  it('refuses an unknown registered model with one clear line', async () => {
    const result = await runMillrace(['models', 'serve', '-m', 'models:/no-such-model/1', '-p', '0'], {
      env: environment,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^millrace: error: .*no-such-model/m);
  });
});
