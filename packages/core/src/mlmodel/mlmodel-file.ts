import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MillraceError } from '../errors/millrace-error.js';
import type { MLmodel } from './mlmodel-types.js';
import { parseMLmodel } from './parse-mlmodel.js';
import { serializeMLmodel } from './serialize-mlmodel.js';

/** The name of the file at the root of every model directory. */
export const MLMODEL_FILE_NAME = 'MLmodel';

function isMissingFile(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function notFound(modelPath: string): MillraceError {
  return MillraceError.notFound(`Could not find an "MLmodel" configuration file at "${modelPath}"`);
}

/**
 * Reads `<modelPath>/MLmodel` (or `modelPath` itself when it is a file). A missing file is
 * RESOURCE_DOES_NOT_EXIST with MLflow's message.
 */
export async function readMLmodel(modelPath: string): Promise<MLmodel> {
  const absolute = path.resolve(modelPath);
  let file = path.join(absolute, MLMODEL_FILE_NAME);
  let text: string;
  try {
    if ((await stat(absolute)).isFile()) {
      file = absolute;
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissingFile(error)) {
      throw notFound(absolute);
    }
    throw error;
  }
  return parseMLmodel(text);
}

/** Writes `<directory>/MLmodel` (creating the directory if needed); returns the file's path. */
export async function writeMLmodel(directory: string, mlmodel: MLmodel): Promise<string> {
  const text = serializeMLmodel(mlmodel);
  const absolute = path.resolve(directory);
  await mkdir(absolute, { recursive: true });
  const file = path.join(absolute, MLMODEL_FILE_NAME);
  await writeFile(file, text, 'utf8');
  return file;
}
