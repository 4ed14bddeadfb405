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

export interface BertGraphShape {
  hidden: number;
  heads: number;
  layers: number;
  ff: number;
  vocabularySize: number;
  maxPositions: number;
  typeVocabularySize: number;
  seed: number;
  /** Added to the masked-LM logits of each token id (length vocabularySize). */
  logitBias: Float32Array;
  /** Whether the graph has the masked-LM head and its `logits` output. Default true. */
  maskedLmHead?: boolean;
}

const LAYER_NORM_EPSILON = 1e-12;

/**
 * A BERT-style encoder with a masked-LM head in one graph: inputs `input_ids`,
 * `attention_mask`, `token_type_ids` ([batch_size, sequence_length]); outputs
 * `last_hidden_state` (what feature-extraction pools) and `logits` (what fill-mask reads).
 * Without the head (`maskedLmHead: false`) only `last_hidden_state` is output, as in a
 * sentence-transformers export such as all-MiniLM-L6-v2.
 * Padded keys are masked out, so a sentence's outputs do not depend on the batch's padding.
 */
export function encodeTinyBertGraph(shape: BertGraphShape): Uint8Array {
  const { hidden, heads, layers, vocabularySize } = shape;
  if (hidden % heads !== 0) {
    throw new Error(`hidden (${hidden}) must be a multiple of heads (${heads})`);
  }
  const headSize = hidden / heads;
  const graph = new OnnxGraphBuilder();
  const weights = new WeightFactory(graph, createSeededRandom(shape.seed));
  const tokens = ['batch_size', 'sequence_length'];
  const inputIds = graph.input('input_ids', 'int64', tokens);
  const attentionMask = graph.input('attention_mask', 'int64', tokens);
  const tokenTypeIds = graph.input('token_type_ids', 'int64', tokens);
  graph.output('last_hidden_state', 'float', [...tokens, hidden]);
  const maskedLmHead = shape.maskedLmHead ?? true;
  if (maskedLmHead) graph.output('logits', 'float', [...tokens, vocabularySize]);

  const sequenceLength = graph.node('Squeeze', [
    graph.node('Shape', [inputIds], { start: { int: 1 }, end: { int: 2 } }),
  ]);
  const positions = graph.node('Range', [
    graph.int64Constant([0], []),
    sequenceLength,
    graph.int64Constant([1], []),
  ]);
  const wordEmbedding = weights.random(
    'embeddings.word_embeddings',
    [vocabularySize, hidden],
    INITIALIZER_RANGE,
  );
  const positionEmbedding = weights.random(
    'embeddings.position_embeddings',
    [shape.maxPositions, hidden],
    INITIALIZER_RANGE,
  );
  const typeEmbedding = weights.random(
    'embeddings.token_type_embeddings',
    [shape.typeVocabularySize, hidden],
    INITIALIZER_RANGE,
  );
  const embedded = graph.node('Add', [
    graph.node('Add', [
      graph.node('Gather', [wordEmbedding, inputIds]),
      graph.node('Gather', [positionEmbedding, positions]),
    ]),
    graph.node('Gather', [typeEmbedding, tokenTypeIds]),
  ]);
  let hiddenStates = layerNormalization(
    graph,
    weights,
    'embeddings.LayerNorm',
    embedded,
    hidden,
    LAYER_NORM_EPSILON,
  );
  const mask = graph.node('Unsqueeze', [
    graph.node('Cast', [attentionMask], { to: { int: 9 } }),
    graph.int64Constant([1, 2]),
  ]);

  for (let layer = 0; layer < layers; layer++) {
    const prefix = `encoder.layer.${layer}`;
    const input = hiddenStates;
    const project = (name: string): string =>
      splitHeads(
        graph,
        linear(graph, weights, `${prefix}.attention.${name}`, input, hidden, hidden),
        heads,
        headSize,
      );
    const attended = attention(
      graph,
      project('query'),
      project('key'),
      project('value'),
      mask,
      headSize,
      prefix,
    );
    const attentionOutput = linear(
      graph,
      weights,
      `${prefix}.attention.output`,
      mergeHeads(graph, attended, hidden),
      hidden,
      hidden,
    );
    hiddenStates = layerNormalization(
      graph,
      weights,
      `${prefix}.attention.LayerNorm`,
      graph.node('Add', [input, attentionOutput]),
      hidden,
      LAYER_NORM_EPSILON,
    );
    const feedForwardOutput = feedForward(graph, weights, `${prefix}.mlp`, hiddenStates, hidden, shape.ff);
    hiddenStates = layerNormalization(
      graph,
      weights,
      `${prefix}.output.LayerNorm`,
      graph.node('Add', [hiddenStates, feedForwardOutput]),
      hidden,
      LAYER_NORM_EPSILON,
    );
  }
  graph.node('Identity', [hiddenStates], {}, 'last_hidden_state');
  if (!maskedLmHead) return graph.encode('tiny-bert');

  const transformed = layerNormalization(
    graph,
    weights,
    'cls.predictions.transform.LayerNorm',
    graph.node('Gelu', [
      linear(graph, weights, 'cls.predictions.transform.dense', hiddenStates, hidden, hidden),
    ]),
    hidden,
    LAYER_NORM_EPSILON,
  );
  const decoder = weights.random(
    'cls.predictions.decoder.weight',
    [hidden, vocabularySize],
    1 / Math.sqrt(hidden),
  );
  const bias = weights.values('cls.predictions.bias', [vocabularySize], shape.logitBias);
  graph.node('Add', [graph.node('MatMul', [transformed, decoder]), bias], {}, 'logits');
  return graph.encode('tiny-bert');
}
