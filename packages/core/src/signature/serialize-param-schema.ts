import { dumpPythonJson, PythonDict } from '../python-compat/python-json.js';
import { paramDefaultForPython } from './param-default.js';
import { parseParamSchema } from './parse-param-schema.js';
import { typeSpecToDict } from './serialize-schema.js';
import type { ParamSchema, ParamSpec } from './types.js';

function paramSpecToDict(spec: ParamSpec): PythonDict {
  const entries: Array<readonly [string, unknown]> = [
    ['name', spec.name],
    ['default', paramDefaultForPython(spec)],
    ['shape', spec.shape],
  ];
  if (spec.type === 'object') {
    entries.push(...typeSpecToDict({ type: 'object', properties: spec.properties ?? {} }).entries);
  } else {
    entries.push(['type', spec.type]);
  }
  return new PythonDict(entries);
}

/**
 * The JSON text MLflow writes for a params schema (`ParamSchema.to_json()`): keys name, default,
 * shape, type (+ properties); float/double defaults written as floats (`1.0`).
 */
export function serializeParamSchemaJson(paramSchema: ParamSchema): string {
  return dumpPythonJson(parseParamSchema(paramSchema).map((spec) => paramSpecToDict(spec)));
}
