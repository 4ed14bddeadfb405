import os from 'node:os';
import type onnxProto from 'onnx-proto';
import { onnx } from './onnx-proto-module.js';

type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;
type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;

/** A dimension of a graph input or output: a fixed size or a symbolic name. */
export type GraphDimension = number | string;

/** A node attribute value: an integer, a float or a list of integers. */
export type AttributeValue = { int: number } | { float: number } | { ints: number[] };

export type GraphElementType = 'float' | 'int64';

const ELEMENT_TYPES: Record<GraphElementType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
};

function toAttribute(name: string, value: AttributeValue): AttributeProto {
  if ('int' in value) {
    return { name, type: onnx.AttributeProto.AttributeType.INT, i: value.int };
  }
  if ('float' in value) {
    return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.float };
  }
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value.ints };
}

const LITTLE_ENDIAN_HOST = os.endianness() === 'LE';

/** The float32 values as little-endian bytes, the layout of ONNX raw data. */
function littleEndianBytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) {
    return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  }
  const raw = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => raw.writeFloatLE(value, index * 4));
  return new Uint8Array(raw);
}

function valueInfo(
  name: string,
  elementType: GraphElementType,
  dimensions: GraphDimension[],
): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[elementType],
        shape: {
          dim: dimensions.map((dimension) =>
            typeof dimension === 'number' ? { dimValue: dimension } : { dimParam: dimension },
          ),
        },
      },
    },
  };
}

/**
 * Builds an ONNX graph node by node. Weights are initializers stored as little-endian raw
 * data, so the encoded model depends only on the values given, never on the machine.
 */
export class OnnxGraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly int64Constants = new Map<string, string>();
  private nodeCount = 0;

  input(name: string, elementType: GraphElementType, dimensions: GraphDimension[]): string {
    this.inputs.push(valueInfo(name, elementType, dimensions));
    return name;
  }

  output(name: string, elementType: GraphElementType, dimensions: GraphDimension[]): void {
    this.outputs.push(valueInfo(name, elementType, dimensions));
  }

  /** A float32 weight. */
  floatWeight(name: string, dimensions: number[], values: Float32Array): string {
    const expected = dimensions.reduce((product, dimension) => product * dimension, 1);
    if (values.length !== expected) {
      throw new Error(`weight ${name} has ${values.length} values, its shape needs ${expected}`);
    }
    this.initializers.push({
      name,
      dims: dimensions,
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: littleEndianBytes(values),
    });
    return name;
  }

  /** An int64 constant (a scalar when `dimensions` is empty), shared between nodes. */
  int64Constant(values: number[], dimensions: number[] = [values.length]): string {
    const key = `${dimensions.join('x')}:${values.join(',')}`;
    const existing = this.int64Constants.get(key);
    if (existing !== undefined) {
      return existing;
    }
    const name = `const_int64_${this.int64Constants.size}`;
    const raw = Buffer.alloc(values.length * 8);
    values.forEach((value, index) => raw.writeBigInt64LE(BigInt(value), index * 8));
    this.initializers.push({
      name,
      dims: dimensions,
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: new Uint8Array(raw),
    });
    this.int64Constants.set(key, name);
    return name;
  }

  /** A scalar float32 constant. */
  floatScalar(name: string, value: number): string {
    return this.floatWeight(name, [], new Float32Array([value]));
  }

  /**
   * Adds a node with one output and returns the output's name; `outputName` names it (a graph
   * output must be produced under its own name).
   */
  node(
    operatorType: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    outputName?: string,
  ): string {
    const index = this.nodeCount++;
    const output = outputName ?? `${operatorType.toLowerCase()}_${index}`;
    this.nodes.push({
      name: `${operatorType}_${index}`,
      opType: operatorType,
      input: inputs,
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => toAttribute(name, value)),
    });
    return output;
  }

  /** The encoded ModelProto (ONNX IR 8, default-domain opset 20). */
  encode(graphName: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'millrace-tiny-models',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: 20 }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
