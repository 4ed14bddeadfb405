import { OnnxGraphBuilder } from './onnx-graph-builder.js';
import { createSeededRandom } from './seeded-random.js';
import {
  attention,
  feedForward,
  INITIALIZER_RANGE,
  layerNormalization,
  linear,
  mergeHeads,
  splitHeads,
} from './transformer-blocks.js';
import { WeightFactory } from './weight-factory.js';

export interface Gpt2GraphShape {
  hidden: number;
  heads: number;
  layers: number;
  ff: number;
  vocabularySize: number;
  maxPositions: number;
  seed: number;
  /** Added to the logits of each token id (length vocabularySize). */
  logitBias: Float32Array;
}

const LAYER_NORM_EPSILON = 1e-5;

/**
 * The decoder-only graph transformers.js runs for `model_type: gpt2` with a KV cache:
 * inputs `input_ids`, `attention_mask` (past + current tokens), `position_ids` and
 * `past_key_values.{i}.key|value` ([batch_size, heads, past_sequence_length, head size]);
 * outputs `logits` and `present.{i}.key|value`. The causal and padding mask is computed
 * from the input shapes, so left padding and the cache both work. The language-model head
 * is separate from the token embedding and adds `logitBias`.
 */
export function encodeTinyGpt2Graph(shape: Gpt2GraphShape): Uint8Array {
  const { hidden, heads, layers, vocabularySize } = shape;
  if (hidden % heads !== 0) {
    throw new Error(`hidden (${hidden}) must be a multiple of heads (${heads})`);
  }
  const headSize = hidden / heads;
  const graph = new OnnxGraphBuilder();
  const weights = new WeightFactory(graph, createSeededRandom(shape.seed));

  const inputIds = graph.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = graph.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = graph.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  graph.output('logits', 'float', ['batch_size', 'sequence_length', vocabularySize]);
  const pastShape = ['batch_size', heads, 'past_sequence_length', headSize];
  const presentShape = ['batch_size', heads, 'total_sequence_length', headSize];
  const past = Array.from({ length: layers }, (_, layer) => ({
    key: graph.input(`past_key_values.${layer}.key`, 'float', pastShape),
    value: graph.input(`past_key_values.${layer}.value`, 'float', pastShape),
  }));

  // The mask [batch, 1, sequence, total]: query i (at absolute position total - sequence + i)
  // sees key j when j <= its position and the attention mask keeps j.
  const scalarOf = (tensor: string): string =>
    graph.node('Squeeze', [graph.node('Shape', [tensor], { start: { int: 1 }, end: { int: 2 } })]);
  const totalLength = scalarOf(attentionMask);
  const sequenceLength = scalarOf(inputIds);
  const zero = graph.int64Constant([0], []);
  const one = graph.int64Constant([1], []);
  const queryPositions = graph.node('Range', [
    graph.node('Sub', [totalLength, sequenceLength]),
    totalLength,
    one,
  ]);
  const keyPositions = graph.node('Range', [zero, totalLength, one]);
  const causal = graph.node('LessOrEqual', [
    keyPositions,
    graph.node('Unsqueeze', [queryPositions, graph.int64Constant([1])]),
  ]);
  const keep = graph.node('Unsqueeze', [
    graph.node('Cast', [attentionMask], { to: { int: 9 } }),
    graph.int64Constant([1, 2]),
  ]);
  const mask = graph.node('And', [causal, keep]);

  const tokenEmbedding = weights.random('wte', [vocabularySize, hidden], INITIALIZER_RANGE);
  const positionEmbedding = weights.random('wpe', [shape.maxPositions, hidden], INITIALIZER_RANGE / 2);
  let hiddenStates = graph.node('Add', [
    graph.node('Gather', [tokenEmbedding, inputIds]),
    graph.node('Gather', [positionEmbedding, positionIds]),
  ]);

  for (let layer = 0; layer < layers; layer++) {
    const prefix = `h.${layer}`;
    const normalized = layerNormalization(
      graph,
      weights,
      `${prefix}.ln_1`,
      hiddenStates,
      hidden,
      LAYER_NORM_EPSILON,
    );
    const project = (name: string): string =>
      splitHeads(
        graph,
        linear(graph, weights, `${prefix}.attn.${name}`, normalized, hidden, hidden),
        heads,
        headSize,
      );
    const query = project('q_proj');
    const key = graph.node(
      'Concat',
      [past[layer]?.key ?? '', project('k_proj')],
      { axis: { int: 2 } },
      `present.${layer}.key`,
    );
    const value = graph.node(
      'Concat',
      [past[layer]?.value ?? '', project('v_proj')],
      { axis: { int: 2 } },
      `present.${layer}.value`,
    );
    graph.output(key, 'float', presentShape);
    graph.output(value, 'float', presentShape);
    const attended = attention(graph, query, key, value, mask, headSize, `${prefix}.attn`);
    const attentionOutput = linear(
      graph,
      weights,
      `${prefix}.attn.c_proj`,
      mergeHeads(graph, attended, hidden),
      hidden,
      hidden,
    );
    hiddenStates = graph.node('Add', [hiddenStates, attentionOutput]);
    const feedForwardInput = layerNormalization(
      graph,
      weights,
      `${prefix}.ln_2`,
      hiddenStates,
      hidden,
      LAYER_NORM_EPSILON,
    );
    hiddenStates = graph.node('Add', [
      hiddenStates,
      feedForward(graph, weights, `${prefix}.mlp`, feedForwardInput, hidden, shape.ff),
    ]);
  }

  const finalNormalized = layerNormalization(
    graph,
    weights,
    'ln_f',
    hiddenStates,
    hidden,
    LAYER_NORM_EPSILON,
  );
  const head = weights.random('lm_head.weight', [hidden, vocabularySize], 1 / Math.sqrt(hidden));
  const bias = weights.values('lm_head.bias', [vocabularySize], shape.logitBias);
  graph.node('Add', [graph.node('MatMul', [finalNormalized, head]), bias], {}, 'logits');
  return graph.encode('tiny-gpt2');
}
