import { describeJsonShape } from '../../http/describe-json-shape.js';
import { GatewayHttpError } from '../../http/gateway-http-error.js';

const TEXT_EXPECTED =
  '"predictions" to be a non-empty list of strings, or an object holding one (under "choices", or as its only key)';
const EMBEDDINGS_EXPECTED =
  '"predictions" to be a non-empty list of non-empty number lists, or one flat list of numbers';

function incompatible(endpointDescription: string, expected: string, actual: string): GatewayHttpError {
  return GatewayHttpError.badGateway(
    `The served model's output does not fit ${endpointDescription}: expected ${expected}, got ${actual}.`,
  );
}

function predictionsOf(body: unknown, endpointDescription: string, expected: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('predictions' in body)) {
    throw incompatible(endpointDescription, expected, `${describeJsonShape(body)} without "predictions"`);
  }
  return (body as Record<string, unknown>).predictions;
}

function describeList(list: unknown[]): string {
  const bad = list.findIndex((item) => typeof item !== 'string');
  return bad === -1
    ? describeJsonShape(list)
    : `${describeJsonShape(list)} (item ${bad} is ${describeJsonShape(list[bad])})`;
}

/**
 * The strings a scoring server's answer holds for a completions or chat endpoint, by MLflow's rules:
 * `{"predictions": [s, …]}`, `{"predictions": {"choices": [s, …], …}}` or a single-key object whose
 * value is the list. Anything else is a 502 that says what was expected and what arrived.
 */
export function textPredictions(body: unknown, endpointDescription: string): string[] {
  let predictions = predictionsOf(body, endpointDescription, TEXT_EXPECTED);
  let where = '';
  if (typeof predictions === 'object' && predictions !== null && !Array.isArray(predictions)) {
    const record = predictions as Record<string, unknown>;
    const keys = Object.keys(record);
    if ('choices' in record) {
      predictions = record.choices;
      where = ' under "choices"';
    } else if (keys.length === 1) {
      predictions = record[keys[0]!];
      where = ` under ${JSON.stringify(keys[0])}`;
    } else {
      throw incompatible(endpointDescription, TEXT_EXPECTED, `"predictions" as ${describeJsonShape(record)}`);
    }
  }
  if (
    !Array.isArray(predictions) ||
    predictions.length === 0 ||
    predictions.some((item) => typeof item !== 'string')
  ) {
    const actual = Array.isArray(predictions) ? describeList(predictions) : describeJsonShape(predictions);
    throw incompatible(endpointDescription, TEXT_EXPECTED, `${actual}${where}`);
  }
  return predictions as string[];
}

function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

/**
 * The vectors a scoring server's answer holds for an embeddings endpoint: a list of non-empty number
 * lists, or one flat list of numbers (a single vector; MLflow rejects a flat vector holding an
 * integer such as `0`).
 */
export function embeddingPredictions(body: unknown, endpointDescription: string): number[][] {
  const predictions = predictionsOf(body, endpointDescription, EMBEDDINGS_EXPECTED);
  if (Array.isArray(predictions) && predictions.length > 0) {
    if (isNumberList(predictions)) return [predictions];
    if (predictions.every((vector) => isNumberList(vector) && vector.length > 0))
      return predictions as number[][];
    const bad = predictions.findIndex((vector) => !isNumberList(vector) || vector.length === 0);
    throw incompatible(
      endpointDescription,
      EMBEDDINGS_EXPECTED,
      `${describeJsonShape(predictions)} (item ${bad} is ${describeJsonShape(predictions[bad])})`,
    );
  }
  throw incompatible(endpointDescription, EMBEDDINGS_EXPECTED, describeJsonShape(predictions));
}
