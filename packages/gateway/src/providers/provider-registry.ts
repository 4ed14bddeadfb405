import { quoteConfigValue } from '../config/config-problem.js';
import type { ProviderDefinition } from './provider.js';

/** MLflow's provider-name normalisation: `-` → `_`, upper case (`Mlflow-Model-Serving` ≡ `MLFLOW_MODEL_SERVING`). */
export function normaliseProviderName(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

/** Providers MLflow has that Millrace does not implement yet: named in the "not supported" message. */
const MLFLOW_PROVIDERS_NOT_IMPLEMENTED = [
  'ai21labs',
  'mosaicml',
  'palm',
  'litellm',
  'xai',
  'openrouter',
  'vertex_ai',
  'portkey',
  'databricks',
];

/** The providers a gateway knows, looked up by normalised name or alias. */
export class ProviderRegistry {
  readonly #byName = new Map<string, ProviderDefinition>();
  readonly #definitions: ProviderDefinition[] = [];

  constructor(definitions: readonly ProviderDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: ProviderDefinition): this {
    for (const name of [definition.name, ...(definition.aliases ?? [])]) {
      const key = normaliseProviderName(name);
      if (this.#byName.has(key)) throw new Error(`A provider named ${name} is already registered.`);
      this.#byName.set(key, definition);
    }
    this.#definitions.push(definition);
    return this;
  }

  find(name: string): ProviderDefinition | undefined {
    return this.#byName.get(normaliseProviderName(name));
  }

  get names(): string[] {
    return this.#definitions.map((definition) => definition.name);
  }

  /** Why a name is not accepted, for config problems. */
  describeUnknown(name: string): string {
    const normalised = normaliseProviderName(name);
    const known = MLFLOW_PROVIDERS_NOT_IMPLEMENTED.find(
      (candidate) => normaliseProviderName(candidate) === normalised,
    );
    const supported = `supported providers: ${this.names.join(', ')}`;
    if (known !== undefined)
      return `provider ${quoteConfigValue(name)} is an MLflow provider that Millrace does not support yet (${supported})`;
    return `provider ${quoteConfigValue(name)} is not supported (${supported})`;
  }
}
