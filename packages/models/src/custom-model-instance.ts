import { MillraceError } from '@millrace/core';
import type { CustomModel } from './custom-model.js';
import { errorMessage } from './error-message.js';

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'function') {
    return 'a function that is not a class';
  }
  return `a ${typeof value}`;
}

/**
 * Turns the default export of a model file into the model object: a class is instantiated with
 * `new` and no arguments, a plain object is used as is. Either must have a `predict` method;
 * `loadContext`, `predictStream` and `predictBatch`, when present, must be methods too.
 */
export function createCustomModelInstance(defaultExport: unknown, modelPath: string): CustomModel {
  const refuse = (reason: string): MillraceError =>
    new MillraceError('INVALID_PARAMETER_VALUE', `Failed to load the model at '${modelPath}': ${reason}`);
  let instance: unknown;
  if (typeof defaultExport === 'function') {
    // Arrow functions and methods have no prototype and cannot be constructed.
    if (!('prototype' in defaultExport) || defaultExport.prototype === undefined) {
      throw refuse(
        'the default export of its code is a function that is not a class; export a class or an object with a predict method.',
      );
    }
    try {
      instance = Reflect.construct(defaultExport, []);
    } catch (error) {
      throw new MillraceError(
        'INTERNAL_ERROR',
        `Failed to load the model at '${modelPath}': the constructor of its model class threw: ${errorMessage(error)}`,
      );
    }
  } else if (typeof defaultExport === 'object' && defaultExport !== null && !Array.isArray(defaultExport)) {
    instance = defaultExport;
  } else {
    throw refuse(
      `the default export of its code is ${describe(defaultExport)}; export a class or an object with a predict method.`,
    );
  }
  const model = instance as Record<string, unknown>;
  if (typeof model['predict'] !== 'function') {
    throw refuse('the model exported by its code has no predict(context, input, params) method.');
  }
  for (const optional of ['loadContext', 'predictStream', 'predictBatch']) {
    if (model[optional] !== undefined && typeof model[optional] !== 'function') {
      throw refuse(`the model exported by its code has a ${optional} that is not a method.`);
    }
  }
  return instance as CustomModel;
}
