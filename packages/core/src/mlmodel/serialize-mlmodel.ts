import { MillraceError } from '../errors/millrace-error.js';
import { dumpPythonYaml } from '../python-compat/python-yaml.js';
import { formatMLmodelIssues, mlmodelSchema } from './mlmodel-schema.js';
import type { MLmodel } from './mlmodel-types.js';

/**
 * Writes an MLmodel as MLflow does (`yaml.safe_dump(..., default_flow_style=False)`): keys
 * sorted, the signature's JSON strings single-quoted and folded at 80 columns, so an MLmodel
 * written by MLflow and read with `parseMLmodel` comes out byte for byte the same. Keys whose
 * value is `undefined` are left out; `null` is written.
 */
export function serializeMLmodel(mlmodel: MLmodel): string {
  const result = mlmodelSchema.safeParse(mlmodel);
  if (!result.success) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid MLmodel: ${formatMLmodelIssues(result.error)}`,
    );
  }
  try {
    return dumpPythonYaml(mlmodel);
  } catch (error) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid MLmodel: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
