import type { OnnxGraphBuilder } from './onnx-graph-builder.js';
import type { SeededRandom } from './seeded-random.js';

/** Creates named float weights in a graph, drawn from one seeded random source. */
export class WeightFactory {
  constructor(
    private readonly graph: OnnxGraphBuilder,
    private readonly source: SeededRandom,
  ) {}

  /** Random values with mean 0 and the given standard deviation. */
  random(name: string, dimensions: number[], standardDeviation: number): string {
    const size = dimensions.reduce((product, dimension) => product * dimension, 1);
    const values = new Float32Array(size);
    this.source.fill(values, standardDeviation);
    return this.graph.floatWeight(name, dimensions, values);
  }

  /** Every value the same (LayerNorm gains and biases). */
  constant(name: string, dimensions: number[], value: number): string {
    const size = dimensions.reduce((product, dimension) => product * dimension, 1);
    return this.graph.floatWeight(name, dimensions, new Float32Array(size).fill(value));
  }

  /** Given values. */
  values(name: string, dimensions: number[], values: Float32Array): string {
    return this.graph.floatWeight(name, dimensions, values);
  }
}
