import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the test fixtures live: MLmodel files recorded from MLflow 3.6, golden CPython/PyYAML outputs. */
export const FIXTURES_DIRECTORY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function readFixture(relativePath: string): string {
  return readFileSync(path.join(FIXTURES_DIRECTORY, relativePath), 'utf8');
}

export function readJsonFixture<T>(relativePath: string): T {
  return JSON.parse(readFixture(relativePath)) as T;
}

/** The MLmodel files written by MLflow 3.6.1 for the scoring vectors, by model name. */
export function listMLmodelFixtures(): string[] {
  return readdirSync(path.join(FIXTURES_DIRECTORY, 'mlmodel'))
    .filter((file) => file.endsWith('.MLmodel'))
    .map((file) => file.replace(/\.MLmodel$/, ''));
}

export function readMLmodelFixture(name: string): string {
  return readFixture(path.join('mlmodel', `${name}.MLmodel`));
}
