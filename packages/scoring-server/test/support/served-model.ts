import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSignature } from '@millrace/core';
import { type LoadedModel, loadModel, saveModel, silentModelLogger } from '@millrace/models';
import type { FastifyInstance } from 'fastify';
import { createScoringApp, type ScoringAppOptions } from '../../src/index.js';
import type { ScoringLogger } from '../../src/scoring-logger.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A logger that keeps what it is told, for assertions (and keeps test output quiet). */
export function createRecordingLogger(): ScoringLogger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    warn: (message) => warnings.push(message),
    error: (message) => errors.push(message),
  };
}

export interface FixtureModel {
  /** The fixture file name under test/fixtures. */
  code: string;
  signature: ModelSignature | null;
  metadata?: Record<string, unknown>;
}

/** Saves a fixture model with `saveModel` into a fresh temporary directory and loads it with `loadModel`. */
export async function saveAndLoadFixture(
  fixture: FixtureModel,
): Promise<{ model: LoadedModel; directory: string }> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'millrace-scoring-'));
  const directory = path.join(parent, 'model');
  await saveModel({
    path: directory,
    code: path.join(FIXTURES, fixture.code),
    signature: fixture.signature,
    ...(fixture.metadata === undefined ? {} : { metadata: fixture.metadata }),
    logger: silentModelLogger,
  });
  const model = await loadModel(directory, { logger: silentModelLogger });
  return { model, directory: parent };
}

export interface ServedModel {
  app: FastifyInstance;
  baseUrl: string;
  model: LoadedModel;
  logger: ReturnType<typeof createRecordingLogger>;
  close(): Promise<void>;
}

/** Saves, loads and serves a fixture model on 127.0.0.1, port 0. */
export async function serveFixture(
  fixture: FixtureModel,
  options: Omit<ScoringAppOptions, 'model' | 'version' | 'logger'> & { version?: string } = {},
): Promise<ServedModel> {
  const { model, directory } = await saveAndLoadFixture(fixture);
  const logger = createRecordingLogger();
  const app = createScoringApp({ version: '0.0.0-test', ...options, model, logger });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    baseUrl,
    model,
    logger,
    async close() {
      await app.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
