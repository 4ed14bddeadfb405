import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { CUSTOM_MODEL_FLAVOR_NAME } from '../src/custom-model-flavor.js';
import type { Flavor } from '../src/flavor.js';
import { createFlavorRegistry } from '../src/flavor-registry.js';

function fakeFlavor(name: string): Flavor {
  return {
    name,
    async load() {
      return { predict: async (input) => input };
    },
  };
}

describe('createFlavorRegistry', () => {
  it('registers the custom TypeScript model flavor by default', () => {
    const registry = createFlavorRegistry();
    expect(registry.names()).toEqual([CUSTOM_MODEL_FLAVOR_NAME]);
    expect(registry.get(CUSTOM_MODEL_FLAVOR_NAME).name).toBe(CUSTOM_MODEL_FLAVOR_NAME);
  });

  it('adds the given flavors and lists names sorted', () => {
    const onnx = fakeFlavor('onnx');
    const registry = createFlavorRegistry([onnx, fakeFlavor('transformers_js')]);
    expect(registry.get('onnx')).toBe(onnx);
    expect(registry.has('transformers_js')).toBe(true);
    expect(registry.has('sklearn')).toBe(false);
    expect(registry.names()).toEqual([CUSTOM_MODEL_FLAVOR_NAME, 'onnx', 'transformers_js']);
  });

  it('lets a given flavor replace a default one of the same name', () => {
    const replacement = fakeFlavor(CUSTOM_MODEL_FLAVOR_NAME);
    expect(createFlavorRegistry([replacement]).get(CUSTOM_MODEL_FLAVOR_NAME)).toBe(replacement);
  });

  it('refuses two given flavors with one name', () => {
    expect(() => createFlavorRegistry([fakeFlavor('onnx'), fakeFlavor('onnx')])).toThrow(
      "Flavor 'onnx' is registered twice.",
    );
  });

  it('names the unknown flavor and lists the known ones', () => {
    const registry = createFlavorRegistry([fakeFlavor('onnx')]);
    const attempt = (): Flavor => registry.get('sklearn');
    expect(attempt).toThrow(MillraceError);
    expect(attempt).toThrow(
      /No flavor named 'sklearn' is registered.*Known flavors: 'custom_model', 'onnx'\./,
    );
  });
});
