import { describe, expect, it } from 'vitest';
import { createScoringApp, DEFAULT_MAX_BODY_BYTES } from '../src/index.js';
import { createRecordingLogger, saveAndLoadFixture } from './support/served-model.js';

describe('createScoringApp', () => {
  it('refuses option values that cannot work', async () => {
    const { model } = await saveAndLoadFixture({ code: 'probe-model.ts', signature: null });
    const logger = createRecordingLogger();
    expect(() => createScoringApp({ model, version: 'x', logger, timeoutSeconds: 0 })).toThrow(
      'timeoutSeconds must be a positive number, got 0.',
    );
    expect(() => createScoringApp({ model, version: 'x', logger, maxBodyBytes: -1 })).toThrow(
      'maxBodyBytes must be a positive number, got -1.',
    );
    expect(() => createScoringApp({ model, version: 'x', logger, maxAbandonedPredictions: 1.5 })).toThrow(
      'maxAbandonedPredictions must be a whole number of at least 0, got 1.5.',
    );
  });

  it('accepts bodies up to 100 MiB by default, like MLflow’s serving container', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(104_857_600);
    const { model } = await saveAndLoadFixture({ code: 'probe-model.ts', signature: null });
    const app = createScoringApp({ model, version: 'x', logger: createRecordingLogger() });
    try {
      const value = 'x'.repeat(20 * 1024 * 1024);
      const response = await app.inject({
        method: 'POST',
        url: '/invocations',
        headers: { 'content-type': 'application/json' },
        payload: `{"inputs": {"op": "echo", "value": "${value}"}}`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.body.length).toBe(value.length + '{"predictions": ""}'.length);
    } finally {
      await app.close();
    }
  });
});
