import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MillraceError, parseMLmodel } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import type { Flavor } from '../src/flavor.js';
import { loadModel } from '../src/load-model.js';
import { silentModelLogger } from '../src/model-logger.js';

/** A fresh model directory of the flavor under test, and how it must behave. */
export interface FlavorContractFixture {
  /** The model directory (created anew for every call; the suite may damage it). */
  directory: string;
  /** An input and params the model accepts, and what predict must answer for them. */
  input: unknown;
  params?: Record<string, unknown>;
  expectedOutput: unknown;
  /** For a streaming model (MLmodel `node_function.streamable: true`): the chunks of predictStream. */
  expectedChunks?: unknown[];
  /** A file of the directory (relative path) the flavor cannot load without. */
  requiredFile: string;
}

export interface FlavorContractOptions {
  /** The flavor's name: `node_function.loader` of its models. */
  name: string;
  /** Tells several runs for one flavor apart in test names. */
  label?: string;
  /** The flavor, when it is not registered by default. */
  flavor?: Flavor;
  createModelDirectory(): Promise<FlavorContractFixture>;
}

function readNodeFunction(directory: string): Record<string, unknown> {
  const mlmodel = parseMLmodel(readFileSync(path.join(directory, 'MLmodel'), 'utf8'));
  const flavors = mlmodel.flavors as Record<string, Record<string, unknown>>;
  const nodeFunction = flavors['node_function'];
  expect(nodeFunction, 'MLmodel has a node_function flavor').toBeDefined();
  return nodeFunction ?? {};
}

async function expectLoadFailure(
  directory: string,
  flavors: Flavor[],
  fragment: RegExp | string,
): Promise<void> {
  const failure = loadModel(directory, { flavors, logger: silentModelLogger });
  await expect(failure).rejects.toBeInstanceOf(MillraceError);
  await expect(failure).rejects.toThrow(fragment);
  const error: unknown = await failure.catch((caught: unknown) => caught);
  expect((error as Error).message, 'load errors carry no stack trace').not.toMatch(/\n\s+at /);
}

/**
 * The shared contract every flavor passes with a tiny model: its directories are Millrace
 * model directories naming it as loader, load through `loadModel`, predict (and stream when
 * they say so), and refuse a missing or corrupted file with a clear MillraceError.
 */
export function runFlavorContract(options: FlavorContractOptions): void {
  const flavors = options.flavor === undefined ? [] : [options.flavor];

  describe(`flavor contract: ${options.name}${options.label === undefined ? '' : ` (${options.label})`}`, () => {
    it('writes an MLmodel whose node_function.loader names the flavor', async () => {
      const fixture = await options.createModelDirectory();
      const nodeFunction = readNodeFunction(fixture.directory);
      expect(nodeFunction['loader']).toBe(options.name);
      expect(existsSync(path.join(fixture.directory, fixture.requiredFile))).toBe(true);
    });

    it('loads through loadModel and predicts the example', async () => {
      const fixture = await options.createModelDirectory();
      const model = await loadModel(fixture.directory, { flavors, logger: silentModelLogger });
      expect(model.flavor).toBe(options.name);
      expect(model.path).toBe(path.resolve(fixture.directory));
      expect(await model.predict(fixture.input, fixture.params)).toEqual(fixture.expectedOutput);
    });

    it('streams exactly when its MLmodel declares it streamable', async () => {
      const fixture = await options.createModelDirectory();
      const streamable = readNodeFunction(fixture.directory)['streamable'] === true;
      const model = await loadModel(fixture.directory, { flavors, logger: silentModelLogger });
      expect(model.predictStream !== undefined).toBe(streamable);
      expect(fixture.expectedChunks !== undefined).toBe(streamable);
      if (model.predictStream !== undefined) {
        const chunks: unknown[] = [];
        for await (const chunk of model.predictStream(fixture.input, fixture.params)) {
          chunks.push(chunk);
        }
        expect(chunks).toEqual(fixture.expectedChunks);
      }
    });

    it('refuses a directory without MLmodel with MLflow’s message', async () => {
      const fixture = await options.createModelDirectory();
      rmSync(path.join(fixture.directory, 'MLmodel'));
      await expectLoadFailure(
        fixture.directory,
        flavors,
        `Could not find an "MLmodel" configuration file at "${path.resolve(fixture.directory)}"`,
      );
    });

    it('refuses a directory whose required file is missing, naming it', async () => {
      const fixture = await options.createModelDirectory();
      rmSync(path.join(fixture.directory, fixture.requiredFile), { recursive: true });
      await expectLoadFailure(fixture.directory, flavors, path.basename(fixture.requiredFile));
    });

    it('refuses a directory whose required file is corrupted, naming the model', async () => {
      const fixture = await options.createModelDirectory();
      writeFileSync(
        path.join(fixture.directory, fixture.requiredFile),
        '\u0000\u0001 not what it should be {{{',
      );
      await expectLoadFailure(fixture.directory, flavors, path.resolve(fixture.directory));
    });
  });
}
