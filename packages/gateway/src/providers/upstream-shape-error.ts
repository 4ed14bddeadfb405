import { describeJsonShape } from '../http/describe-json-shape.js';
import { GatewayHttpError } from '../http/gateway-http-error.js';

/**
 * A 2xx upstream answer the provider cannot read (502): says what was expected and what arrived,
 * by shape only, never by content.
 */
export function upstreamShapeError(what: string, expected: string, actual: unknown): GatewayHttpError {
  return GatewayHttpError.badGateway(
    `The upstream's answer is not a valid ${what}: expected ${expected}, got ${describeJsonShape(actual)}.`,
  );
}
