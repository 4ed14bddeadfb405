/**
 * The model signature types, as MLflow writes them in the `signature` block of MLmodel
 * (model-format.md §5). Field names follow MLflow's JSON exactly.
 */

export const DATA_TYPE_NAMES = [
  'boolean',
  'integer',
  'long',
  'float',
  'double',
  'string',
  'binary',
  'datetime',
] as const;
export type DataTypeName = (typeof DATA_TYPE_NAMES)[number];

export interface ArraySpec {
  type: 'array';
  items: TypeSpec;
}
export interface ObjectProperty {
  type: TypeSpec['type'];
  required: boolean;
}
export interface ObjectSpec {
  type: 'object';
  /** Property specs keyed by name; MLflow keeps them sorted by name. */
  properties: Record<string, TypeSpec & { required: boolean }>;
}
export interface MapSpec {
  type: 'map';
  values: TypeSpec;
}
export interface AnySpec {
  type: 'any';
}
export interface SparkMlVectorSpec {
  type: 'sparkml_vector';
}
export interface PrimitiveSpec {
  type: DataTypeName;
}
/** A value type: a DataType or one of the complex types. */
export type TypeSpec = PrimitiveSpec | ArraySpec | ObjectSpec | MapSpec | AnySpec | SparkMlVectorSpec;

/** One column of a column-based schema. `name` is absent in unnamed schemas. */
export type ColSpec = TypeSpec & { name?: string; required: boolean };

export interface TensorSpec {
  type: 'tensor';
  name?: string;
  'tensor-spec': { dtype: string; shape: number[] };
}

export type InputSpec = ColSpec | TensorSpec;

/** A schema is a non-empty list of ColSpecs, or of TensorSpecs (never mixed). */
export type Schema = InputSpec[];

export interface ParamSpec {
  name: string;
  /** A DataType name (not binary) or 'object'. */
  type: Exclude<DataTypeName, 'binary'> | 'object';
  default: unknown;
  /** null for a scalar (or object), [-1] for a 1-D list. */
  shape: number[] | null;
  /** For `type: 'object'`: the property specs. */
  properties?: ObjectSpec['properties'];
}

export type ParamSchema = ParamSpec[];

export interface ModelSignature {
  inputs: Schema | null;
  outputs: Schema | null;
  params: ParamSchema | null;
}

/**
 * MLmodel's `signature` block: each part is a JSON *string* (or null), as MLflow writes it;
 * `parseSignature` / `serializeSignature` convert it to and from a `ModelSignature`.
 */
export interface SignatureBlock {
  inputs: string | null;
  outputs: string | null;
  params: string | null;
}
