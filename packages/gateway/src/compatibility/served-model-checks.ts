import type { EndpointType } from '../config/endpoint-type.js';

/** The parts of a Millrace scoring server's `GET /metadata` answer the check reads. */
export interface ServedModelDescription {
  flavor?: unknown;
  task?: unknown;
  signature?: { inputs?: unknown; outputs?: unknown } | null;
}

interface Spec {
  type?: unknown;
  name?: unknown;
  required?: unknown;
  items?: { type?: unknown };
  'tensor-spec'?: { dtype?: unknown; shape?: unknown };
}

const FLOAT_TYPES = new Set(['float', 'double', 'float16', 'float32', 'float64']);
const LLM_TASKS = new Set(['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings']);

function specs(value: unknown): Spec[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null)
    ? (value as Spec[])
    : undefined;
}

function describeSpecs(list: Spec[]): string {
  return list
    .map((spec) => {
      if (spec.type === 'tensor')
        return `tensor ${String(spec['tensor-spec']?.dtype)} ${JSON.stringify(spec['tensor-spec']?.shape)}`;
      const type = spec.type === 'array' ? `array<${String(spec.items?.type)}>` : String(spec.type);
      return typeof spec.name === 'string' ? `${spec.name}: ${type}` : type;
    })
    .join(', ');
}

function outputsAreStrings(outputs: Spec[]): boolean {
  return outputs.length === 1 && outputs[0]!.type === 'string';
}

function outputsAreVectors(outputs: Spec[]): boolean {
  if (outputs.length !== 1) return false;
  const spec = outputs[0]!;
  // A named output is a column: the model answers rows like [{"embedding": [...]}], which the
  // embeddings response cannot read (the seeds' 502 case). Only an unnamed vector list fits.
  if (typeof spec.name === 'string') return false;
  if (spec.type === 'tensor') {
    const tensor = spec['tensor-spec'];
    return (
      FLOAT_TYPES.has(String(tensor?.dtype)) && Array.isArray(tensor?.shape) && tensor.shape.length === 2
    );
  }
  return spec.type === 'array' && FLOAT_TYPES.has(String(spec.items?.type));
}

/**
 * Why a served model cannot answer an endpoint type through the `mlflow-model-serving` provider,
 * judged from its `/metadata`: the provider sends `{"inputs": [<strings>]}` and needs a list of
 * strings back (completions, chat) or a list of float vectors (embeddings).
 */
export function servedModelProblems(
  description: ServedModelDescription,
  endpointType: EndpointType,
): string[] {
  const problems: string[] = [];
  const task = description.task;
  if (typeof task === 'string' && LLM_TASKS.has(task)) {
    problems.push(
      `the model's task is ${task}: it takes OpenAI-style request bodies, but the mlflow-model-serving provider sends {"inputs": [...]}`,
    );
  }
  const signature = description.signature;
  if (signature === null || signature === undefined) return problems;
  const inputs = specs(signature.inputs);
  if (inputs !== undefined) {
    const required = inputs.filter((spec) => spec.required !== false);
    const fits =
      (required.length <= 1 && required.every((spec) => spec.type === 'string')) ||
      (endpointType === 'llm/v1/embeddings' && required.length === 1 && required[0]!.type === 'tensor');
    if (!fits) {
      problems.push(
        `the model's inputs are (${describeSpecs(inputs)}), but the gateway sends a list of strings`,
      );
    }
  }
  const outputs = specs(signature.outputs);
  if (outputs !== undefined) {
    if (endpointType === 'llm/v1/embeddings' && !outputsAreVectors(outputs)) {
      problems.push(
        `the model's outputs are (${describeSpecs(outputs)}), but an embeddings endpoint needs a list of float vectors`,
      );
    }
    if (endpointType !== 'llm/v1/embeddings' && !outputsAreStrings(outputs)) {
      problems.push(
        `the model's outputs are (${describeSpecs(outputs)}), but a ${endpointType} endpoint needs a list of strings`,
      );
    }
  }
  return problems;
}
