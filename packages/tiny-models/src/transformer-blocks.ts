import type { OnnxGraphBuilder } from './onnx-graph-builder.js';
import type { WeightFactory } from './weight-factory.js';

/** Weight standard deviation of the hidden projections (GPT-2's and BERT's initializer range). */
export const INITIALIZER_RANGE = 0.02;

export function layerNormalization(
  graph: OnnxGraphBuilder,
  weights: WeightFactory,
  prefix: string,
  input: string,
  hidden: number,
  epsilon: number,
): string {
  const gain = weights.constant(`${prefix}.weight`, [hidden], 1);
  const bias = weights.constant(`${prefix}.bias`, [hidden], 0);
  return graph.node('LayerNormalization', [input, gain, bias], {
    axis: { int: -1 },
    epsilon: { float: epsilon },
  });
}

/** `input · W + b` with W of shape [inputSize, outputSize]. */
export function linear(
  graph: OnnxGraphBuilder,
  weights: WeightFactory,
  prefix: string,
  input: string,
  inputSize: number,
  outputSize: number,
  standardDeviation = INITIALIZER_RANGE,
): string {
  const matrix = weights.random(`${prefix}.weight`, [inputSize, outputSize], standardDeviation);
  const bias = weights.constant(`${prefix}.bias`, [outputSize], 0);
  return graph.node('Add', [graph.node('MatMul', [input, matrix]), bias]);
}

/** [batch, sequence, hidden] → [batch, heads, sequence, headSize]. */
export function splitHeads(graph: OnnxGraphBuilder, input: string, heads: number, headSize: number): string {
  const reshaped = graph.node('Reshape', [input, graph.int64Constant([0, 0, heads, headSize])]);
  return graph.node('Transpose', [reshaped], { perm: { ints: [0, 2, 1, 3] } });
}

/** [batch, heads, sequence, headSize] → [batch, sequence, hidden]. */
export function mergeHeads(graph: OnnxGraphBuilder, input: string, hidden: number): string {
  const transposed = graph.node('Transpose', [input], { perm: { ints: [0, 2, 1, 3] } });
  return graph.node('Reshape', [transposed, graph.int64Constant([0, 0, hidden])]);
}

/**
 * Scaled dot-product attention over heads: `query` [b, h, s, d], `key`/`value` [b, h, t, d],
 * `mask` a boolean tensor broadcastable to [b, h, s, t] (true = may attend).
 */
export function attention(
  graph: OnnxGraphBuilder,
  query: string,
  key: string,
  value: string,
  mask: string,
  headSize: number,
  prefix: string,
): string {
  const keyTransposed = graph.node('Transpose', [key], { perm: { ints: [0, 1, 3, 2] } });
  const scores = graph.node('Mul', [
    graph.node('MatMul', [query, keyTransposed]),
    graph.floatScalar(`${prefix}.scale`, 1 / Math.sqrt(headSize)),
  ]);
  const masked = graph.node('Where', [mask, scores, graph.floatScalar(`${prefix}.masked_score`, -1e9)]);
  const probabilities = graph.node('Softmax', [masked], { axis: { int: -1 } });
  return graph.node('MatMul', [probabilities, value]);
}

/** The GELU feed-forward block: Linear → Gelu → Linear. */
export function feedForward(
  graph: OnnxGraphBuilder,
  weights: WeightFactory,
  prefix: string,
  input: string,
  hidden: number,
  feedForwardSize: number,
): string {
  const expanded = linear(graph, weights, `${prefix}.fc_in`, input, hidden, feedForwardSize);
  const activated = graph.node('Gelu', [expanded]);
  return linear(graph, weights, `${prefix}.fc_out`, activated, feedForwardSize, hidden);
}
