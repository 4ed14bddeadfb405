import { MillraceError, type MLmodel } from '@millrace/core';

/** The generic flavor every Millrace model has: our `python_function`. */
export const NODE_FUNCTION_FLAVOR = 'node_function';

/** An artifact saved with a custom model: `path` is relative to the model directory. */
export interface SavedArtifact {
  path: string;
  uri: string;
}

/**
 * The `flavors.node_function` block. `loader` names the flavor that loads the model (MLflow's
 * `loader_module`); the other keys are written by the custom-model flavor, other flavors may
 * add their own.
 */
export interface NodeFunctionFlavorConfig {
  loader: string;
  node_version?: string;
  env?: { npm?: string };
  /** The bundled model code, relative to the model directory. */
  code?: string;
  /** Where the model code was when the model was saved (like MLflow's `model_code_path`). */
  source_path?: string;
  artifacts?: Record<string, SavedArtifact>;
  streamable?: boolean;
  config?: Record<string, unknown>;
  [key: string]: unknown;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `node_function` block of an MLmodel, checked. A model without one is refused: with
 * MLflow's message when it has nothing loadable, and with an explanation when it is a Python
 * MLflow model.
 */
export function readNodeFunctionFlavor(mlmodel: MLmodel, modelPath: string): NodeFunctionFlavorConfig {
  const flavors: Record<string, unknown> = isPlainRecord(mlmodel.flavors) ? mlmodel.flavors : {};
  const block = flavors[NODE_FUNCTION_FLAVOR];
  if (block === undefined || block === null) {
    if (flavors['python_function'] !== undefined) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `The model at '${modelPath}' is a Python MLflow model (it has the "python_function" flavor but no ` +
          `"${NODE_FUNCTION_FLAVOR}" flavor); Millrace runs Node.js models only and cannot load it.`,
      );
    }
    throw new MillraceError(
      'RESOURCE_DOES_NOT_EXIST',
      `Model does not have the "${NODE_FUNCTION_FLAVOR}" flavor`,
    );
  }
  if (!isPlainRecord(block) || typeof block['loader'] !== 'string' || block['loader'] === '') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The "${NODE_FUNCTION_FLAVOR}" flavor of the model at '${modelPath}' has no "loader" naming the flavor that loads it.`,
    );
  }
  const config = block['config'];
  if (config !== undefined && config !== null && !isPlainRecord(config)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The "${NODE_FUNCTION_FLAVOR}.config" of the model at '${modelPath}' must be a map.`,
    );
  }
  return block as NodeFunctionFlavorConfig;
}
