import { createRequire } from 'node:module';
import type onnxProto from 'onnx-proto';

interface LongLike {
  fromBits: unknown;
}

interface ProtobufMinimal {
  util: { Long: unknown };
  configure(): void;
}

function hasFromBits(value: unknown): value is LongLike {
  return typeof value === 'function' && typeof (value as unknown as LongLike).fromBits === 'function';
}

/**
 * Loads onnx-proto with a working int64 `Long`. Its generated code needs protobufjs' Long while it
 * loads, and protobufjs finds `long` with a dynamic require; when the host resolves that require
 * with an `import` condition (as test runners configured for ES modules can), it gets long 5's ES
 * module namespace and onnx-proto fails with "Long.fromBits is not a function". Giving protobufjs
 * the CommonJS `long` its own dependencies resolve to first makes loading independent of that.
 */
function loadOnnxProto(): typeof onnxProto {
  const requireHere = createRequire(import.meta.url);
  const requireFromOnnxProto = createRequire(requireHere.resolve('onnx-proto'));
  const protobuf = requireFromOnnxProto('protobufjs/minimal') as ProtobufMinimal;
  if (!hasFromBits(protobuf.util.Long)) {
    const long: unknown = requireFromOnnxProto('long');
    const candidate = hasFromBits(long) ? long : (long as { default?: unknown } | null)?.default;
    if (hasFromBits(candidate)) {
      protobuf.util.Long = candidate;
      protobuf.configure();
    }
  }
  return requireFromOnnxProto('onnx-proto') as typeof onnxProto;
}

/** The `onnx` protobuf namespace of onnx-proto (ModelProto, TensorProto, …). */
export const onnx = loadOnnxProto().onnx;
