import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { createCustomModelInstance } from '../src/custom-model-instance.js';

describe('createCustomModelInstance', () => {
  it('instantiates a class with new and no arguments', () => {
    class Model {
      readonly constructedWith: number;
      constructor(...values: unknown[]) {
        this.constructedWith = values.length;
      }
      predict(): string {
        return 'ok';
      }
    }
    const instance = createCustomModelInstance(Model, '/models/m');
    expect(instance).toBeInstanceOf(Model);
    expect((instance as Model).constructedWith).toBe(0);
  });

  it('uses a plain object as is', () => {
    const model = { predict: () => 1 };
    expect(createCustomModelInstance(model, '/models/m')).toBe(model);
  });

  it.each([
    [42, 'a number'],
    [null, 'null'],
    ['model', 'a string'],
    [[{ predict: () => 1 }], 'an array'],
    [() => ({ predict: () => 1 }), 'a function that is not a class'],
  ])('refuses a default export that is %s', (value, description) => {
    const attempt = (): unknown => createCustomModelInstance(value, '/models/m');
    expect(attempt).toThrow(MillraceError);
    expect(attempt).toThrow(
      `Failed to load the model at '/models/m': the default export of its code is ${description}`,
    );
  });

  it('refuses a model without predict, or with a loadContext/predictStream that is not a method', () => {
    expect(() => createCustomModelInstance(class {}, '/m')).toThrow(
      /has no predict\(context, input, params\) method/,
    );
    expect(() => createCustomModelInstance({ predict: () => 1, loadContext: 'x' }, '/m')).toThrow(
      /has a loadContext that is not a method/,
    );
    expect(() => createCustomModelInstance({ predict: () => 1, predictStream: [] }, '/m')).toThrow(
      /has a predictStream that is not a method/,
    );
  });

  it('reports a throwing constructor with the model path and the message only', () => {
    class Exploding {
      constructor() {
        throw new Error('no GPU here');
      }
    }
    try {
      createCustomModelInstance(Exploding, '/models/m');
      expect.unreachable();
    } catch (error) {
      expect(MillraceError.isInstance(error)).toBe(true);
      expect((error as MillraceError).message).toBe(
        "Failed to load the model at '/models/m': the constructor of its model class threw: no GPU here",
      );
      expect((error as MillraceError).message).not.toContain('at new Exploding');
    }
  });
});
