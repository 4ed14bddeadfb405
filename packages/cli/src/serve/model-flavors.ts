import type { Flavor } from '@millrace/models';

/**
 * The `transformers_js` flavor, imported only when a model names it: transformers.js and ONNX
 * Runtime take about a second to import, which other models and commands should not pay.
 */
export const transformersFlavor: Flavor = {
  name: 'transformers_js',
  async load(modelDirectory, mlmodel, options) {
    const { createTransformersFlavor } = await import('@millrace/flavor-transformers');
    return await createTransformersFlavor().load(modelDirectory, mlmodel, options);
  },
};

/** The flavors the CLI can load, beside the built-in custom TypeScript model flavor. */
export const CLI_FLAVORS: readonly Flavor[] = [transformersFlavor];
