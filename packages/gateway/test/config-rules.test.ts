import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayConfigError, type GatewayConfig, Secret, parseGatewayConfig } from '../src/index.js';
import { parseRateLimitPeriod } from '../src/config/rate-limit-period.js';

const KEY = 'sk-rules-test-key-0123456789';

function problemsOf(
  yaml: string,
  env: Record<string, string> = {},
  baseDirectory?: string,
): GatewayConfigError {
  try {
    parseGatewayConfig(
      yaml,
      { env, ...(baseDirectory === undefined ? {} : { baseDirectory }) },
      'in test.yaml',
    );
  } catch (error) {
    if (GatewayConfigError.isGatewayConfigError(error)) return error;
    throw error;
  }
  throw new Error('the config was accepted');
}

function endpoint(name: string, model: string, extra = ''): string {
  return `  - name: ${name}\n    endpoint_type: llm/v1/chat\n    model:\n${model}${extra}`;
}

const openaiModel = (key: string) =>
  `      provider: openai\n      name: gpt-4o-mini\n      config:\n        openai_api_key: ${key}\n`;

function apiKeyOf(config: GatewayConfig, index = 0): string {
  return (config.endpoints[index]!.providerConfig as { apiKey: Secret }).apiKey.reveal();
}

describe('config rules', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'millrace-gateway-rules-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reports every problem of the file at once, each with its path', () => {
    const yaml = [
      'endpoints:',
      endpoint('a', openaiModel('$OPENAI_KEY')),
      endpoint(
        'b',
        '      provider: openai\n      config:\n        openai_api_key: x\n',
        '    limit:\n      calls: 0\n      renewal_period: minute\n',
      ),
      '  - name: c',
      '    endpoint_type: llm/v1/chat',
      '    model:',
      '      provider: mlflow-model-serving',
      '      config:',
      '        model_server_url: ftp://model-host',
      'routes:',
      '  - name: r',
      '    task_type: llm/v1/chat',
      '    destinations:',
      '      - name: a',
      '        traffic_percentage: 50',
    ].join('\n');
    const error = problemsOf(yaml);
    expect(error.problems).toEqual([
      {
        path: 'endpoints[0].model.config.openai_api_key',
        message: 'environment variable OPENAI_KEY is not set',
      },
      { path: 'endpoints[1].limit.calls', message: 'must be at least 1' },
      {
        path: 'endpoints[2].model.config.model_server_url',
        message: 'must be an http or https URL, got ftp',
      },
      { path: 'routes[0].destinations', message: 'traffic_percentage values must add up to 100, got 50' },
    ]);
    expect(error.message).toBe(
      [
        'Invalid gateway configuration in test.yaml (4 problems):',
        '  - endpoints[0].model.config.openai_api_key: environment variable OPENAI_KEY is not set',
        '  - endpoints[1].limit.calls: must be at least 1',
        '  - endpoints[2].model.config.model_server_url: must be an http or https URL, got ftp',
        '  - routes[0].destinations: traffic_percentage values must add up to 100, got 50',
      ].join('\n'),
    );
  });

  it('resolves $ENV secrets, and treats an empty variable as not set', () => {
    const yaml = `endpoints:\n${endpoint('a', openaiModel('$OPENAI_KEY'))}`;
    expect(apiKeyOf(parseGatewayConfig(yaml, { env: { OPENAI_KEY: KEY } }))).toBe(KEY);
    expect(problemsOf(yaml, { OPENAI_KEY: '' }).problems[0]!.message).toBe(
      'environment variable OPENAI_KEY is not set',
    );
  });

  it('reads secret files (trimmed, absolute or relative to the base directory) and rejects missing paths', async () => {
    await writeFile(join(directory, 'openai.key'), `${KEY}\n`);
    const absolute = parseGatewayConfig(
      `endpoints:\n${endpoint('a', openaiModel(join(directory, 'openai.key')))}`,
    );
    expect(apiKeyOf(absolute)).toBe(KEY);
    const relative = parseGatewayConfig(`endpoints:\n${endpoint('a', openaiModel('./openai.key'))}`, {
      baseDirectory: directory,
    });
    expect(apiKeyOf(relative)).toBe(KEY);
    const missing = problemsOf(`endpoints:\n${endpoint('a', openaiModel('/run/secrets/does-not-exist'))}`);
    expect(missing.problems).toEqual([
      {
        path: 'endpoints[0].model.config.openai_api_key',
        message: 'looks like a file path, but no such file exists',
      },
    ]);
    await writeFile(join(directory, 'empty.key'), '\n');
    expect(
      problemsOf(`endpoints:\n${endpoint('a', openaiModel(join(directory, 'empty.key')))}`).problems[0]!
        .message,
    ).toBe('names a secret file that is empty');
  });

  it('keeps a literal key, and never shows a secret in errors, JSON, inspect or strings', () => {
    const config = parseGatewayConfig(`endpoints:\n${endpoint('a', openaiModel(KEY))}`);
    expect(apiKeyOf(config)).toBe(KEY);
    expect(JSON.stringify(config)).not.toContain(KEY);
    expect(inspect(config, { depth: 10 })).not.toContain(KEY);
    const secret = (config.endpoints[0]!.providerConfig as { apiKey: Secret }).apiKey;
    expect(`${secret}`).toBe('[REDACTED]');

    const broken = problemsOf(
      `endpoints:\n${endpoint('a', openaiModel(KEY), '    limit:\n      calls: many\n      renewal_period: minute\n')}`,
    );
    expect(broken.message).not.toContain(KEY);
    const misplaced = problemsOf(
      `endpoints:\n${endpoint('a', `      provider: openai\n      config:\n        openai_api_key: k\n        openai_api_type: ${KEY}\n`)}`,
    );
    expect(misplaced.problems).toEqual([
      {
        path: 'endpoints[0].model.config.openai_api_type',
        message: `must be one of openai, azure, azuread, got a string of ${KEY.length} characters`,
      },
    ]);
    const badYaml = problemsOf(
      `endpoints:\n  - name: a\n    model: {provider: openai, config: {openai_api_key: ${KEY}}\n`,
    );
    expect(badYaml.problems[0]!.message).toMatch(/^not valid YAML/);
    expect(badYaml.message).not.toContain(KEY);
  });

  it('normalises provider names like MLflow and reports the canonical name', () => {
    for (const spelling of ['MLFLOW_MODEL_SERVING', 'Mlflow-Model-Serving', 'mlflow_model_serving']) {
      const config = parseGatewayConfig(
        `endpoints:\n${endpoint('a', `      provider: ${spelling}\n      config:\n        model_server_url: http://127.0.0.1:5001\n`)}`,
      );
      expect(config.endpoints[0]!.model.provider).toBe('mlflow-model-serving');
    }
  });

  it('checks the Azure provider name like openai_api_type azure', () => {
    const error = problemsOf(
      `endpoints:\n${endpoint('a', `      provider: azure\n      config:\n        openai_api_key: ${KEY}\n`)}`,
    );
    expect(error.problems.map((problem) => problem.path)).toEqual([
      'endpoints[0].model.config.openai_api_base',
      'endpoints[0].model.config.openai_deployment_name',
      'endpoints[0].model.config.openai_api_version',
    ]);
  });

  it('checks the OpenAI-compatible providers’ keys', () => {
    const together = problemsOf(
      `endpoints:\n${endpoint('a', '      provider: togetherai\n      config: {}\n')}`,
    );
    expect(together.problems).toEqual([
      { path: 'endpoints[0].model.config.togetherai_api_key', message: 'is required' },
    ]);
    const groq = problemsOf(
      `endpoints:\n${endpoint('a', '      provider: groq\n      config:\n        api_base: not a url\n        api_key: k\n')}`,
    );
    expect(groq.problems).toEqual([
      { path: 'endpoints[0].model.config.api_base', message: 'is not a valid URL' },
    ]);
    const server = problemsOf(
      `endpoints:\n${endpoint('a', '      provider: openai-compatible\n      config: {}\n')}`,
    );
    expect(server.problems).toEqual([{ path: 'endpoints[0].model.config.api_base', message: 'is required' }]);
    const ollama = parseGatewayConfig(
      `endpoints:\n${endpoint('a', '      provider: ollama\n      name: llama3\n      config: {}\n')}`,
    );
    expect(ollama.endpoints[0]!.model).toEqual({ provider: 'ollama', name: 'llama3' });
  });

  it('accepts timeout_seconds and renewal periods of the limits grammar', () => {
    const config = parseGatewayConfig(
      `endpoints:\n${endpoint('a', openaiModel(KEY), '    timeout_seconds: 2.5\n    limit:\n      calls: 3\n      renewal_period: 5 Minutes\n')}`,
    );
    expect(config.endpoints[0]!.timeoutSeconds).toBe(2.5);
    expect(config.endpoints[0]!.limit).toMatchObject({ calls: 3, renewalPeriod: '5 Minutes', key: null });
    expect(config.endpoints[0]!.limit!.period).toEqual({
      windowMs: 300_000,
      multiples: 5,
      granularity: 'minute',
    });
    expect(
      problemsOf(`endpoints:\n${endpoint('a', openaiModel(KEY), '    timeout_seconds: 0\n')}`).problems,
    ).toEqual([{ path: 'endpoints[0].timeout_seconds', message: 'must be greater than 0' }]);
  });

  it('parses the limits period grammar', () => {
    expect(parseRateLimitPeriod('second')?.windowMs).toBe(1000);
    expect(parseRateLimitPeriod('hours')?.windowMs).toBe(3_600_000);
    expect(parseRateLimitPeriod('2 days')?.windowMs).toBe(172_800_000);
    expect(parseRateLimitPeriod('DAY')?.granularity).toBe('day');
    expect(parseRateLimitPeriod('fortnight')).toBeUndefined();
    expect(parseRateLimitPeriod('0 minutes')).toBeUndefined();
    expect(parseRateLimitPeriod('minute minute')).toBeUndefined();
  });
});
