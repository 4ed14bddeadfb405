import { z } from 'zod';

const map = z.record(z.string(), z.unknown());

/** The `signature` block: each part a JSON string or null; absent parts become null. */
const signatureBlock = z
  .looseObject({
    inputs: z.string().nullish(),
    outputs: z.string().nullish(),
    params: z.string().nullish(),
  })
  .transform((block) => ({
    ...block,
    inputs: block.inputs ?? null,
    outputs: block.outputs ?? null,
    params: block.params ?? null,
  }));

/** zod schema of an MLmodel document: MLflow's fields typed, other keys kept. */
export const mlmodelSchema = z.looseObject({
  artifact_path: z.string().nullish(),
  flavors: z.record(z.string(), map).default({}),
  model_uuid: z.string().nullish(),
  model_id: z.string().nullish(),
  run_id: z.string().nullish(),
  utc_time_created: z.string().optional(),
  mlflow_version: z.string().optional(),
  millrace_version: z.string().optional(),
  signature: signatureBlock.optional(),
  is_signature_from_type_hint: z.boolean().optional(),
  type_hint_from_example: z.boolean().optional(),
  saved_input_example_info: z
    .looseObject({
      artifact_path: z.string(),
      type: z.string(),
      pandas_orient: z.string().optional(),
      serving_input_path: z.string().optional(),
      params: z.string().optional(),
    })
    .optional(),
  metadata: map.nullish(),
  model_size_bytes: z.number().int().nonnegative().optional(),
  resources: map.nullish(),
  env_vars: z.array(z.string()).nullish(),
  auth_policy: map.nullish(),
  prompts: z.array(z.string()).nullish(),
  databricks_runtime: z.string().optional(),
});

/** A readable one-line summary of zod issues: `flavors.python_function: expected record …`. */
export function formatMLmodelIssues(error: z.ZodError): string {
  return error.issues
    .map(
      (issue) => `${issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.')}: ${issue.message}`,
    )
    .join('; ');
}
