import { parseSignature } from '../signature/signature-block.js';
import type { ModelSignature } from '../signature/types.js';
import type { MLmodel } from './mlmodel-types.js';

/** The MLmodel's signature parsed into a `ModelSignature`, or null when it has none. */
export function getMLmodelSignature(mlmodel: MLmodel): ModelSignature | null {
  return mlmodel.signature === undefined || mlmodel.signature === null
    ? null
    : parseSignature(mlmodel.signature);
}
