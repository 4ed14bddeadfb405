import { pathToFileURL } from 'node:url';
import { MillraceError } from '@millrace/core';
import { errorMessage } from './error-message.js';

let importCount = 0;

function errorCodeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/**
 * Imports a bundled model file and returns its default export. Every call evaluates the file
 * afresh (a distinct URL per import), like MLflow executing a models-from-code script on every
 * load, so two loads never share module state and a file saved again at the same path is not
 * served from the module cache.
 */
export async function importModelCode(codePath: string, modelPath: string): Promise<unknown> {
  importCount += 1;
  const url = `${pathToFileURL(codePath).href}?millrace-load=${importCount}`;
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } catch (error) {
    const hint =
      errorCodeOf(error) === 'ERR_MODULE_NOT_FOUND'
        ? ' Install the packages the model code imports with `npm install` in the model directory (see its package.json).'
        : '';
    throw new MillraceError(
      'INTERNAL_ERROR',
      `Failed to load the model at '${modelPath}': importing its code '${codePath}' failed: ${errorMessage(error)}${hint}`,
    );
  }
  if (!('default' in namespace) || namespace['default'] === undefined) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Failed to load the model at '${modelPath}': its code '${codePath}' has no default export. ` +
        'Export the model as `export default class { predict(context, input, params) { ... } }` or as an object with a predict method.',
    );
  }
  return namespace['default'];
}
