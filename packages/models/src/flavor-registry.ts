import { MillraceError } from '@millrace/core';
import { createCustomModelFlavor } from './custom-model-flavor.js';
import type { Flavor } from './flavor.js';

/** The flavors `loadModel` can load with, by name. */
export interface FlavorRegistry {
  /** The flavor named `name`; a MillraceError listing the known flavors when there is none. */
  get(name: string): Flavor;
  has(name: string): boolean;
  /** The registered flavor names, sorted. */
  names(): string[];
}

/**
 * A registry holding the custom TypeScript model flavor plus `flavors`. A given flavor with the
 * name of a default one replaces it; two given flavors with one name are refused.
 */
export function createFlavorRegistry(flavors: readonly Flavor[] = []): FlavorRegistry {
  const byName = new Map<string, Flavor>();
  const defaults = [createCustomModelFlavor()];
  for (const flavor of defaults) {
    byName.set(flavor.name, flavor);
  }
  const given = new Set<string>();
  for (const flavor of flavors) {
    if (given.has(flavor.name)) {
      throw new MillraceError('INVALID_PARAMETER_VALUE', `Flavor '${flavor.name}' is registered twice.`);
    }
    given.add(flavor.name);
    byName.set(flavor.name, flavor);
  }
  const names = (): string[] => [...byName.keys()].sort();
  return {
    get(name) {
      const flavor = byName.get(name);
      if (flavor === undefined) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `No flavor named '${name}' is registered, so this model cannot be loaded. ` +
            `Known flavors: ${names()
              .map((known) => `'${known}'`)
              .join(
                ', ',
              )}. A flavor from another package must be passed to loadModel (or the CLI) to be used.`,
        );
      }
      return flavor;
    },
    has(name) {
      return byName.has(name);
    },
    names,
  };
}
