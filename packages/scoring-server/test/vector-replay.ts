import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMLmodelSignature, type ModelSignature, parseMLmodel } from '@millrace/core';
import type { HttpRequest } from './support/http-client.js';

const VECTORS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vectors');

export interface VectorRecord {
  id: string;
  model: string;
  request: HttpRequest & {
    headers: Record<string, string>;
    body: string;
    body_generator?: { prefix: string; repeat: string; count: number; suffix: string; length_bytes: number };
  };
  response: { status: number; content_type: string | null; body: unknown };
  note: string;
}

/** The exchanges recorded from MLflow 3.6 for one vector model (copied from shared/spec/vectors/scoring). */
export function readVectors(model: string): VectorRecord[] {
  return readFileSync(path.join(VECTORS, `${model}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as VectorRecord);
}

/** The signature of a vector model, read from its recorded MLmodel file. */
export function vectorSignature(model: string): ModelSignature | null {
  const mlmodel = parseMLmodel(readFileSync(path.join(VECTORS, `${model}.MLmodel`), 'utf8'));
  return getMLmodelSignature(mlmodel);
}

/** The request body of a record, rebuilt from `body_generator` for the large ones. */
export function requestBody(record: VectorRecord): string {
  const generator = record.request.body_generator;
  if (generator === undefined) return record.request.body;
  return generator.prefix + generator.repeat.repeat(generator.count) + generator.suffix;
}
