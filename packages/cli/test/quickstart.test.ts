// `millrace quickstart` as a newcomer runs it (`npm start`): a child process on free ports in a
// fresh directory; it must announce readiness, print one answer per endpoint and URLs that
// answer, and stop cleanly on Ctrl-C (SIGINT) with exit code 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MILLRACE_BIN, runMillrace } from './millrace-process.js';

const READY_LINE = 'Millrace quickstart is ready.';
let workspace: string;
let child: ChildProcess;
let output = '';

/** Resolves once `text` appears in the quickstart's output; rejects if it exits first. */
function waitForOutput(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (output.includes(text)) {
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`quickstart exited with ${code}:\n${output}`)));
    check();
  });
}

function exitCode(): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

beforeAll(async () => {
  if (!existsSync(new URL('../dist/index.js', import.meta.url))) throw new Error("run 'npm run build' first");
  workspace = await mkdtemp(join(tmpdir(), 'millrace-quickstart-'));
  child = spawn(
    process.execPath,
    [MILLRACE_BIN, 'quickstart', '--port', '0', '--workdir', join(workspace, 'qs')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput('Press Ctrl-C to stop.');
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await exitCode();
  }
  await rm(workspace, { recursive: true, force: true });
});

describe('millrace quickstart', () => {
  it('reports each step, the compatibility check and the ready line', () => {
    for (const step of ['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']) expect(output).toContain(step);
    expect(output).toContain(READY_LINE);
    expect(output).toContain("each of the 3 endpoints' models can answer its endpoint type");
    expect(output).not.toContain('warning:');
    for (const name of ['embeddings', 'fill-mask', 'instruct-llm']) {
      expect(output).toContain(`${name}: logged and registered as models:/${name}/1`);
    }
  });

  it('prints one answer per endpoint', () => {
    expect(output).toMatch(/embeddings -> 2 vectors of 64 numbers/);
    expect(output).toMatch(/fill-mask -> "[^"\n]+"/);
    const llm = /instruct-llm -> "([^"\n]*)"/.exec(output)?.[1] ?? '';
    expect(llm.split(/\s+/).filter((word) => /[a-z]/i.test(word)).length).toBeGreaterThan(0);
  });

  it('prints URLs that answer, and writes the gateway config of three endpoints', async () => {
    const opened = output.slice(output.indexOf('Open:'), output.indexOf('Try:'));
    const urls = [...opened.matchAll(/(http:\/\/127\.0\.0\.1:\d+\S*)/g)].map((match) => match[1]!);
    expect(urls).toHaveLength(5);
    for (const url of urls) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
    }
    const gateway = urls.find((url) => url.endsWith('/api/2.0/endpoints/'))!;
    const listed = (await (await fetch(gateway)).json()) as { endpoints: { name: string }[] };
    expect(listed.endpoints.map((endpoint) => endpoint.name).sort()).toEqual([
      'embeddings',
      'fill-mask',
      'instruct-llm',
    ]);
    const config = await readFile(join(workspace, 'qs', 'config.yaml'), 'utf8');
    expect(config).toContain('endpoint_type: llm/v1/embeddings');
    expect(config.match(/provider: mlflow-model-serving/g)).toHaveLength(3);
  });

  it('answers the OpenAI completions route for the fill-mask model, as MLflow does', async () => {
    const gateway = /gateway at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const response = await fetch(`${gateway}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fill-mask', prompt: 'paris is the [MASK] of france.' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { text: string }[] };
    expect(body.choices[0]!.text.length).toBeGreaterThan(0);
  });

  it('stops everything on Ctrl-C and exits 0', async () => {
    const urls = [...output.matchAll(/ at (http:\/\/127\.0\.0\.1:\d+)/g)].map((match) => match[1]!);
    child.kill('SIGINT');
    expect(await exitCode()).toBe(0);
    expect(output).toContain('Stopped.');
    for (const url of urls) await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});

describe('millrace quickstart on a port that is taken', () => {
  it('says which port is in use and how to choose others, and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runMillrace([
        'quickstart',
        '--port',
        String(port),
        '--workdir',
        join(workspace, 'taken'),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} (for the tracking server) is already in use`);
      expect(result.stderr).toContain('--port 0');
      expect(result.stdout).not.toContain(READY_LINE);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
