export * from './errors/error-code.js';
export * from './errors/millrace-error.js';
export * from './signature/types.js';
export * from './table.js';

export { isDataTypeName, isNestedTypeSpec, isTensorSpec } from './signature/spec-guards.js';
export { describeTensorDtype, type TensorDtypeInfo } from './signature/tensor-dtype.js';
export { parseSchema, parseSchemaJson } from './signature/parse-schema.js';
export { serializeSchemaJson } from './signature/serialize-schema.js';
export { parseParamSchema, parseParamSchemaJson } from './signature/parse-param-schema.js';
export { serializeParamSchemaJson } from './signature/serialize-param-schema.js';
export { parseSignature, serializeSignature } from './signature/signature-block.js';
export {
  formatInputSpec,
  formatParamSchema,
  formatParamSpec,
  formatSchema,
  formatTypeSpec,
} from './signature/format-schema.js';
export { inferParamSchema, inferSchema, inferSignature } from './signature/infer-signature.js';

export type { FlavorConfig, MLmodel, MLmodelInputExampleInfo } from './mlmodel/mlmodel-types.js';
export { parseMLmodel } from './mlmodel/parse-mlmodel.js';
export { serializeMLmodel } from './mlmodel/serialize-mlmodel.js';
export { MLMODEL_FILE_NAME, readMLmodel, writeMLmodel } from './mlmodel/mlmodel-file.js';
export { getMLmodelSignature } from './mlmodel/mlmodel-signature.js';
export { formatUtcTimeCreated } from './mlmodel/utc-time-created.js';
export { newModelUuid } from './mlmodel/model-uuid.js';

export type * from './uri/model-uri.js';
export { parseModelUri } from './uri/parse-model-uri.js';

export { enforceInputSchema } from './enforcement/enforce-input-schema.js';
export type { EnforcedInput } from './enforcement/enforce-column-schema.js';
export { enforceParams, type EnforcedParams } from './enforcement/enforce-params.js';

export { dumpPythonJson, PythonDict, PythonFloat } from './python-compat/python-json.js';
export { dumpPythonYaml } from './python-compat/python-yaml.js';
export { parseIsoDatetime } from './values/parse-iso-datetime.js';
export { decodeBase64 } from './values/decode-base64.js';

export {
  bodyTooLarge,
  readLimitedRequestBody,
  type LimitedRequestBodyHandlers,
} from './http/limited-request-body.js';
