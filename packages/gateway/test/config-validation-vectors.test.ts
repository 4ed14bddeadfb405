import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayConfigError, loadGatewayConfig } from '../src/index.js';
import { describeEndpoint } from '../src/runtime/endpoint-descriptors.js';
import { readVectors } from './support/gateway-vectors.js';

/**
 * Replays config-validation.jsonl (`mlflow gateway start` on valid and invalid config files): every
 * file MLflow refused is refused, with the problem reported at its path; every file it accepted is
 * accepted with the same endpoint listing — except where MLflow's acceptance is a bug (noted).
 */
interface ConfigVector {
  id: string;
  config_yaml: string | null;
  exit_code: number | null;
  started: boolean;
  stderr_head: string;
  note: string;
  endpoints_listing?: { endpoints: unknown[] };
}

/** Where the problem must be reported, and a fragment of its message. */
const EXPECTED_PROBLEMS: Record<string, { path: string; message: string | RegExp; deviation?: string }> = {
  'unknown-provider': {
    path: 'endpoints[0].model.provider',
    message: 'provider "not-a-provider" is not supported',
  },
  'provider-azuread-from-docs': {
    path: 'endpoints[0].model.provider',
    message: 'provider "azuread" is not supported',
  },
  'bad-endpoint-type': {
    path: 'endpoints[0].endpoint_type',
    message: 'must be one of llm/v1/completions, llm/v1/chat, llm/v1/embeddings, got "llm/v1/images"',
  },
  'missing-endpoint-type': { path: 'endpoints[0].endpoint_type', message: 'is required' },
  'legacy-route-type-key': { path: 'endpoints[0].route_type', message: 'use endpoint_type' },
  'duplicate-endpoint-names': {
    path: 'endpoints[1].name',
    message: '"chat" is already the name of endpoints[0]',
  },
  'duplicate-endpoint-and-route-name': {
    path: 'routes[0].name',
    message: '"chat" is already the name of endpoints[0]',
  },
  'missing-endpoints-key': { path: 'endpoints', message: 'is required' },
  'empty-file': { path: '', message: 'the file is empty' },
  'top-level-list': { path: '', message: 'must be a mapping' },
  'endpoints-not-a-list': { path: 'endpoints', message: 'must be a list, got an object' },
  'invalid-yaml': { path: '', message: /^not valid YAML: .* at line 4, column 1$/ },
  'missing-name': { path: 'endpoints[0].name', message: 'is required' },
  'bad-name-space': { path: 'endpoints[0].name', message: 'must contain only ASCII letters' },
  'bad-name-slash': { path: 'endpoints[0].name', message: 'must contain only ASCII letters' },
  'name-with-unicode-and-dot': {
    path: 'endpoints[0].name',
    message: 'must contain only ASCII letters',
    deviation: 'quirk name-unicode-accepted not copied: MLflow 3.11’s ASCII rule',
  },
  'missing-model': { path: 'endpoints[0].model', message: 'is required' },
  'missing-provider-config': {
    path: 'endpoints[0].model.config',
    message: 'is required for provider openai',
  },
  'missing-required-config-key': { path: 'endpoints[0].model.config.openai_api_key', message: 'is required' },
  'missing-env-secret': {
    path: 'endpoints[0].model.config.openai_api_key',
    message: 'environment variable MILLRACE_MISSING_ENV is not set',
  },
  'api-key-not-string': { path: 'endpoints[0].model.config.openai_api_key', message: 'must be a string' },
  'openai-deployment-name-with-openai-type': {
    path: 'endpoints[0].model.config.openai_deployment_name',
    message: 'is only allowed when openai_api_type is azure or azuread',
  },
  'azure-missing-api-version': {
    path: 'endpoints[0].model.config.openai_api_version',
    message: 'is required when openai_api_type is azure',
  },
  'bad-openai-api-type': {
    path: 'endpoints[0].model.config.openai_api_type',
    message: 'must be one of openai, azure, azuread, got "bedrock"',
  },
  'limit-bad-period': { path: 'endpoints[0].limit.renewal_period', message: 'got "fortnight"' },
  'limit-calls-not-int': { path: 'endpoints[0].limit.calls', message: 'must be a number, got a string' },
  'limit-missing-calls': { path: 'endpoints[0].limit.calls', message: 'is required' },
  'limit-calls-zero': {
    path: 'endpoints[0].limit.calls',
    message: 'must be at least 1',
    deviation: 'MLflow bug limit-calls-zero-accepted',
  },
  'route-percentages-not-100': { path: 'routes[0].destinations', message: 'must add up to 100, got 90' },
  'route-unknown-destination': {
    path: 'routes[0].destinations[0].name',
    message: '"nope" is not an endpoint name',
  },
  'route-task-type-mismatch': {
    path: 'routes[0].destinations[0].name',
    message: 'endpoint "a" is llm/v1/chat, but the route\'s task_type is llm/v1/completions',
  },
  'route-bad-strategy': {
    path: 'routes[0].routing_strategy',
    message: 'must be TRAFFIC_SPLIT, got "ROUND_ROBIN"',
  },
  'route-name-not-validated': {
    path: 'routes[0].name',
    message: 'must contain only ASCII letters',
    deviation: 'MLflow bug route-name-unvalidated (appendix A.8)',
  },
  'model-name-not-string': { path: 'endpoints[0].model.name', message: 'must be a string, got a number' },
  'ai21labs-bad-model': {
    path: 'endpoints[0].model.provider',
    message: 'provider "ai21labs" is an MLflow provider that Millrace does not support yet',
  },
  'mosaicml-chat-non-llama2': {
    path: 'endpoints[0].model.provider',
    message: 'provider "mosaicml" is an MLflow provider that Millrace does not support yet',
  },
  'nonexistent-config-path': { path: '', message: 'the file does not exist' },
};

const ENV = { OPENAI_API_KEY: 'sk-config-test-key-0123456789' };

describe('config-validation.jsonl vectors', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'millrace-gateway-config-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  for (const vector of readVectors<ConfigVector>('config-validation.jsonl')) {
    const expected = EXPECTED_PROBLEMS[vector.id];
    it(`${vector.id}${expected?.deviation === undefined ? '' : ` (differs: ${expected.deviation})`}`, async () => {
      const path = join(directory, `${vector.id}.yaml`);
      if (vector.config_yaml !== null) await writeFile(path, vector.config_yaml);
      const loading = loadGatewayConfig(path, { env: ENV });
      if (expected === undefined) {
        expect(vector.started).toBe(true);
        const config = await loading;
        expect({ endpoints: config.endpoints.map(describeEndpoint), next_page_token: null }).toEqual(
          vector.endpoints_listing,
        );
        return;
      }
      if (expected.deviation === undefined) expect(vector.exit_code).toBe(2);
      const error = await loading.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(GatewayConfigError.isGatewayConfigError(error)).toBe(true);
      const configError = error as GatewayConfigError;
      expect(configError.errorCode).toBe('INVALID_PARAMETER_VALUE');
      const problem = configError.problems.find((candidate) => candidate.path === expected.path);
      expect(problem, `problems: ${JSON.stringify(configError.problems)}`).toBeDefined();
      if (typeof expected.message === 'string') expect(problem!.message).toContain(expected.message);
      else expect(problem!.message).toMatch(expected.message);
      expect(configError.message).toContain(path);
      expect(configError.message).not.toContain(ENV.OPENAI_API_KEY);
    });
  }
});
