/**
 * A value that breaks its signature type. Carries MLflow's inner message (e.g.
 * `Missing required properties: {'role'}`); the caller wraps it into a MillraceError.
 */
export class SchemaViolation extends Error {
  override readonly name = 'SchemaViolation';
}
