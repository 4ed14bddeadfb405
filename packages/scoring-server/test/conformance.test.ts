/**
 * Replays every exchange recorded from MLflow 3.6's scoring server (test/vectors, copied from
 * shared/spec/vectors/scoring) against Millrace serving TypeScript equivalents of the seven vector
 * models, saved with `saveModel` (with the signatures of the recorded MLmodel files) and loaded
 * with `loadModel`. Per the vectors' README: the status always; the media type; for 200 answers
 * the wrapper and the values (Python type names mapped through PYTHON_TYPE_NAMES); for errors the
 * error_code and the stable part of the message. Where Millrace deliberately answers differently,
 * EXPECTED_DIFFERENCES asserts our behaviour and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCell, jsType } from './fixtures/echo-types.js';
import { type HttpExchange, mediaType, sendRequest } from './support/http-client.js';
import { normaliseMlflowAnswer } from './support/mlflow-normalisation.js';
import { type ServedModel, serveFixture } from './support/served-model.js';
import { readVectors, requestBody, type VectorRecord, vectorSignature } from './vector-replay.js';

interface ErrorJson {
  error_code: string;
  message: string;
}

function errorJson(response: HttpExchange): ErrorJson {
  expect(mediaType(response.contentType)).toBe('application/json');
  const body = JSON.parse(response.body) as ErrorJson;
  // Never a stack trace, never the input echoed back (MLflow's `Failed to predict data '<input>'`).
  expect(Object.keys(body)).toEqual(['error_code', 'message']);
  expect(body.message).not.toContain('Failed to predict data');
  expect(body.message).not.toMatch(/Traceback|\n\s+at /);
  return body;
}

function successJson(response: HttpExchange): unknown {
  expect(response.status).toBe(200);
  expect(mediaType(response.contentType)).toBe('application/json');
  return JSON.parse(response.body);
}

type Check = (response: HttpExchange, record: VectorRecord) => void;

/** Our answer is this error: status, code and a fragment of the message. */
function answersError(status: number, errorCode: string, ...fragments: string[]): Check {
  return (response) => {
    expect(response.status).toBe(status);
    const error = errorJson(response);
    expect(error.error_code).toBe(errorCode);
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  };
}

/** Our answer is this JSON body. */
function answersJson(expected: unknown): Check {
  return (response) => expect(successJson(response)).toEqual(expected);
}

/** Our answer is MLflow's once normalised, with `patch` applied to the normalised MLflow answer first. */
function answersMlflowPatched(patch: (mlflow: unknown) => unknown): Check {
  return (response, record) => {
    const mlflow = normaliseMlflowAnswer(record.response.body);
    expect(successJson(response)).toEqual(patch(structuredClone(mlflow)));
  };
}

/** nosig_echo's answer for what Millrace hands a model without a signature: JSON values as sent, tables as rows, params `{}`. */
function echoesWithoutSignature(input: unknown, wrapped = true): Check {
  const echo = { input_type: jsType(input), params: {}, value: describeCell(input) };
  return answersJson(wrapped ? { predictions: echo } : echo);
}

function rowsOf(body: unknown): Record<string, Record<string, unknown>>[] {
  return (body as { predictions: { rows: Record<string, Record<string, unknown>>[] } }).predictions.rows;
}

const TYPES_ROW_BASE = {
  b: { type: 'boolean', value: true },
  i: { type: 'number', value: 1 },
  l: { type: 'number', value: 2 },
  f: { type: 'number', value: 1.5 },
  d: { type: 'number', value: 2.5 },
  s: { type: 'string', value: 's' },
  bin: { type: 'Buffer', value: 'aGVsbG8=' },
  dt: { type: 'Date', value: '2024-01-02T03:04:05.000Z' },
  arr: { type: 'array', value: ['a', 'b'], item_types: ['string', 'string'] },
  obj: { type: 'object', value: { name: 'n', score: 1 }, item_types: { name: 'string', score: 'number' } },
};

const STRICT_TYPING =
  'Millrace types column values strictly (core enforcement): no silent coercion of strings, ' +
  'booleans or fractions, no overflow wrap-around.';

interface Difference {
  why: string;
  check: Check;
}

/**
 * Every exchange where Millrace deliberately answers differently from MLflow 3.6, with the reason.
 * MLFLOW-BUG markers are fixed (§11 of the spec); quirks listed in the brief are not copied.
 */
const EXPECTED_DIFFERENCES: Record<string, Difference> = {
  // Routes (spec §2).
  'params_echo-001-get-ping': {
    why: "[MLFLOW-BUG:ping-not-json] /ping answers valid JSON instead of a bare '\\n'.",
    check: answersJson({ status: 'ok' }),
  },
  'params_echo-002-get-health': {
    why: '[MLFLOW-BUG:ping-not-json] /health is /ping.',
    check: answersJson({ status: 'ok' }),
  },
  'params_echo-003-get-version': {
    why: '[MLFLOW-BUG:version-not-json] /version answers the Millrace version as a JSON string.',
    check: answersJson('0.0.0-test'),
  },
  'params_echo-005-get-invocations': {
    why: 'Wrong methods answer MLflow error JSON with Allow, not FastAPI\'s {"detail"}.',
    check: (response, record) => {
      answersError(405, 'BAD_REQUEST', 'Method GET is not allowed for /invocations')(response, record);
      expect(response.headers.allow).toBe('POST');
    },
  },
  'params_echo-006-post-ping': {
    why: 'Wrong methods answer MLflow error JSON with Allow, not FastAPI\'s {"detail"}.',
    check: (response, record) => {
      answersError(405, 'BAD_REQUEST', 'Method POST is not allowed for /ping')(response, record);
      expect(response.headers.allow).toBe('GET, HEAD');
    },
  },
  'params_echo-007-put-invocations': {
    why: 'Wrong methods answer MLflow error JSON with Allow, not FastAPI\'s {"detail"}.',
    check: answersError(405, 'BAD_REQUEST', 'Method PUT is not allowed for /invocations. Allowed: POST.'),
  },
  'params_echo-008-get-unknown-route': {
    why: 'Unknown paths answer 404 ENDPOINT_NOT_FOUND as MLflow error JSON, not FastAPI\'s {"detail"}.',
    check: answersError(404, 'ENDPOINT_NOT_FOUND', 'No endpoint at GET /v1/models.'),
  },
  'params_echo-009-post-unknown-route': {
    why: 'Unknown paths answer 404 ENDPOINT_NOT_FOUND as MLflow error JSON, not FastAPI\'s {"detail"}.',
    check: answersError(404, 'ENDPOINT_NOT_FOUND', 'No endpoint at POST /predict.'),
  },
  'params_echo-010-post-trailing-slash': {
    why:
      '/invocations/ is served like /invocations instead of a 307 redirect the client must follow; ' +
      'this body (a plain list for a two-column schema) then fails enforcement exactly as on /invocations.',
    check: answersError(400, 'INVALID_PARAMETER_VALUE', "Model is missing inputs ['prompt']"),
  },
  'params_echo-012-get-openapi': {
    why: "FastAPI's empty OpenAPI document is not reproduced (the README: not needed for compatibility).",
    check: answersError(404, 'ENDPOINT_NOT_FOUND', 'No endpoint at GET /openapi.json.'),
  },

  // Content types (spec §3): every refusal is MLflow error JSON, not text/plain.
  'params_echo-043-json-charset-latin1': {
    why: '415 refusals are MLflow error JSON (BAD_REQUEST) rather than text/plain; same message.',
    check: answersError(415, 'BAD_REQUEST', 'The scoring server only supports UTF-8'),
  },
  'params_echo-044-json-format-param': {
    why: '415 refusals are MLflow error JSON; the MLflow 2.0 protocol note is our own wording.',
    check: answersError(415, 'BAD_REQUEST', 'Unrecognized content type parameters: format.'),
  },
  'params_echo-045-ctype-application-csv': {
    why: '415 refusals are MLflow error JSON rather than text/plain; same message.',
    check: answersError(
      415,
      'BAD_REQUEST',
      "This predictor only supports the following content types: Types: ['text/csv', 'application/json']. Got 'application/csv'.",
    ),
  },
  'params_echo-046-ctype-text-plain': {
    why: '415 refusals are MLflow error JSON rather than text/plain; same message.',
    check: answersError(415, 'BAD_REQUEST', "Got 'text/plain'."),
  },
  'params_echo-047-ctype-upper-case': {
    why: '415 refusals are MLflow error JSON rather than text/plain; the media type is still compared exactly.',
    check: answersError(415, 'BAD_REQUEST', "Got 'Application/JSON'."),
  },
  'params_echo-048-ctype-missing': {
    why: '[MLFLOW-BUG:500-on-missing-content-type] A missing Content-Type is a 415, not a crash.',
    check: answersError(415, 'BAD_REQUEST', 'Missing Content-Type header.'),
  },

  // JSON request formats (spec §4).
  'params_echo-056-extra-top-level-key': {
    why: 'Unknown top-level keys next to a wrapper are refused (MLflow ignores them silently, spec §11.5).',
    check: answersError(400, 'BAD_REQUEST', "Invalid input. Unknown top-level fields: ['foo']."),
  },
  'params_echo-079-llm-and-wrapper': {
    why:
      '[MLFLOW-QUIRK:llm-key-overrides-wrapper] The LLM key still wins, but the nested dataframe_split is ' +
      'just an extra column that enforcement drops: one row, not a pandas broadcast to two.',
    check: answersMlflowPatched((mlflow) => (mlflow as unknown[]).slice(0, 1)),
  },
  'params_echo-065-numeric-string-into-double': {
    why: `${STRICT_TYPING} The string '0.25' is not a double.`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column temperature to type 'double'"),
  },
  'params_echo-066-number-into-string': {
    why: `[MLFLOW-QUIRK:number-not-stringified] ${STRICT_TYPING} A number is not a string.`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column prompt to type 'string'"),
  },
  'params_echo-017-records': {
    why: '[MLFLOW-BUG:invalid-json-nan] The missing optional value is null (pandas: NaN, written as a bare NaN token).',
    check: answersJson({
      predictions: [
        {
          input_type: 'rows',
          columns: ['prompt', 'temperature'],
          prompt: 'hi',
          prompt_type: 'string',
          temperature: 0.5,
          temperature_type: 'number',
          params: { temperature: 0.1, max_tokens: 1000 },
          param_types: { temperature: 'number', max_tokens: 'number' },
        },
        {
          input_type: 'rows',
          columns: ['prompt', 'temperature'],
          prompt: 'yo',
          prompt_type: 'string',
          temperature: null,
          temperature_type: 'null',
          params: { temperature: 0.1, max_tokens: 1000 },
          param_types: { temperature: 'number', max_tokens: 'number' },
        },
      ],
    }),
  },
  'params_echo-068-null-in-optional': {
    why: '[MLFLOW-BUG:invalid-json-nan] null stays null (pandas: NaN, written as a bare NaN token).',
    check: (response) => {
      const [row] = (successJson(response) as { predictions: Record<string, unknown>[] }).predictions;
      expect(row).toMatchObject({ prompt: 'hi', temperature: null, temperature_type: 'null' });
    },
  },

  // CSV (spec §5): clear 400s without stack traces.
  'params_echo-037-csv-ragged': {
    why: '[MLFLOW-BUG:stack-trace-echoed] A row longer than the header is a parse error (pandas shifts it into the index).',
    check: answersError(400, 'BAD_REQUEST', 'Failed to parse input as a CSV table', 'Invalid Record Length'),
  },
  'params_echo-038-csv-bad-number': {
    why: '[MLFLOW-BUG:stack-trace-echoed] Same refusal, no stack trace.',
    check: answersError(400, 'BAD_REQUEST', "could not convert 'hot' in column 'temperature' to a number"),
  },
  'params_echo-039-csv-empty': {
    why: '[MLFLOW-BUG:stack-trace-echoed] Same refusal, no stack trace.',
    check: answersError(400, 'BAD_REQUEST', 'Failed to parse input as a CSV table', 'the body is empty'),
  },
  'types_echo-027-csv-complex-schema': {
    why: '[MLFLOW-BUG:stack-trace-echoed] CSV still cannot carry Array/Object columns, and the 400 says so.',
    check: answersError(400, 'BAD_REQUEST', "CSV cannot carry column 'arr' of type 'array'"),
  },
  'tensor_sum-011-csv': {
    why: '[MLFLOW-BUG:stack-trace-echoed] CSV works for tensor schemas: cells are read as numbers for numeric dtypes.',
    check: answersJson({ predictions: [6] }),
  },

  // Column types (core enforcement): stricter than pandas, binary decoded on every path, null not NaN.
  'types_echo-002-records-all-types': {
    why:
      '9007199254740993 cannot be carried exactly by a JSON number in JavaScript (nor by most JSON ' +
      'clients): Millrace refuses integers beyond 2^53 - 1 for long instead of rounding them.',
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column l to type 'long'", 'out of range'),
  },
  'types_echo-003-inputs-dict-all-types': {
    why: "Same status and code; the reason is ours (a list is not a boolean) instead of numpy's.",
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column b to type 'boolean'"),
  },
  'types_echo-004-inputs-dict-single-row': {
    why: '[MLFLOW-QUIRK:binary-not-decoded-via-inputs] binary is base64-decoded on every path; no numpy types.',
    check: (response) => expect(rowsOf(successJson(response))).toEqual([TYPES_ROW_BASE]),
  },
  'types_echo-005-inputs-records-all-types': {
    why: '[MLFLOW-QUIRK:binary-not-decoded-via-inputs] binary is base64-decoded on every path; no numpy types.',
    check: (response) => expect(rowsOf(successJson(response))).toEqual([TYPES_ROW_BASE]),
  },
  'types_echo-006-instances-all-types': {
    why:
      'instances given as records reach the model as rows (like dataframe_records) rather than ' +
      'per-column numpy arrays that enforcement then rejects.',
    check: (response) => expect(rowsOf(successJson(response))).toEqual([TYPES_ROW_BASE]),
  },
  'types_echo-008-float-into-long': {
    why: `[MLFLOW-QUIRK:silent-float-truncation] ${STRICT_TYPING}`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column l to type 'long'", '2.7'),
  },
  'types_echo-010-string-into-int': {
    why: `${STRICT_TYPING} The string '5' is not an integer.`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column i to type 'integer'"),
  },
  'types_echo-012-int32-overflow': {
    why: `[MLFLOW-QUIRK:silent-int-overflow] ${STRICT_TYPING}`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column i to type 'integer'", 'out of range'),
  },
  'types_echo-013-null-in-required-int': {
    why: 'null is accepted in any column (MLflow accepts it for strings and doubles, not for ints).',
    check: (response) => expect(rowsOf(successJson(response))[0]?.i).toEqual({ type: 'null', value: null }),
  },
  'types_echo-014-null-in-required-double': {
    why: '[MLFLOW-BUG:invalid-json-nan] null stays null rather than NaN written as a bare token.',
    check: (response) => expect(rowsOf(successJson(response))[0]?.d).toEqual({ type: 'null', value: null }),
  },
  'types_echo-018-epoch-into-datetime': {
    why: `[MLFLOW-QUIRK:epoch-as-nanoseconds] ${STRICT_TYPING} datetime columns take ISO-8601 strings only.`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column dt to type 'datetime'"),
  },
  'types_echo-020-ints-into-bool': {
    why: `${STRICT_TYPING} booleans must be JSON booleans.`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column b to type 'boolean'"),
  },
  'types_echo-021-string-into-bool': {
    why: `[MLFLOW-QUIRK:string-false-is-true] ${STRICT_TYPING} "false" is refused rather than read as true.`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column b to type 'boolean'"),
  },
  'types_echo-022-number-into-string': {
    why: `[MLFLOW-QUIRK:number-not-stringified] ${STRICT_TYPING}`,
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column s to type 'string'"),
  },
  'types_echo-023-ints-in-string-array': {
    why: 'Violations inside Array/Object values are schema enforcement failures (INVALID_PARAMETER_VALUE), as in predict.',
    check: answersError(400, 'INVALID_PARAMETER_VALUE', 'with dtype `string`'),
  },
  'types_echo-024-object-missing-required-prop': {
    why: 'Violations inside Array/Object values are schema enforcement failures (INVALID_PARAMETER_VALUE), as in predict.',
    check: answersError(400, 'INVALID_PARAMETER_VALUE', "Missing required properties: {'name'}"),
  },
  'types_echo-025-object-extra-prop': {
    why: 'Violations inside Array/Object values are schema enforcement failures (INVALID_PARAMETER_VALUE), as in predict.',
    check: answersError(
      400,
      'INVALID_PARAMETER_VALUE',
      "Invalid properties not defined in the schema found: {'extra'}",
    ),
  },
  'types_echo-026-nan-infinity': {
    why: '[MLFLOW-BUG:invalid-json-nan] NaN/Infinity are accepted in requests but answered as null (valid JSON).',
    check: (response) => {
      const rows = rowsOf(successJson(response));
      expect(rows.map((row) => [row.f, row.d])).toEqual([
        [
          { type: 'number', value: null },
          { type: 'number', value: null },
        ],
        [
          { type: 'number', value: null },
          { type: 'number', value: null },
        ],
      ]);
    },
  },

  // Tensor schemas.
  'tensor_sum-007-strings': {
    why: "Same status and code; the reason is ours instead of numpy's.",
    check: answersError(400, 'BAD_REQUEST', "Failed to convert the input tensor to type 'float32'"),
  },
  'tensor_sum-008-inputs-dict': {
    why: 'Refused by enforcement (INVALID_PARAMETER_VALUE) rather than by numpy conversion (BAD_REQUEST); both 400.',
    check: answersError(400, 'INVALID_PARAMETER_VALUE', 'tensor-based model signature with no input names'),
  },
  'tensor_sum-012-nan': {
    why: '[MLFLOW-BUG:invalid-json-nan] Non-finite sums are answered as null (valid JSON).',
    check: answersJson({ predictions: [null, null] }),
  },
  'tensor_sum-013-empty': {
    why: 'Same status and code; [] is read as an empty array of shape (0,), which the (-1, 3) shape refuses.',
    check: answersError(
      400,
      'INVALID_PARAMETER_VALUE',
      'Shape of input (0,) does not match expected shape (-1, 3).',
    ),
  },

  // Without a signature MLflow converts lists to numpy arrays and tables to DataFrames; Millrace passes
  // JSON values as they are and tables as row objects, and params is {} rather than null.
  'nosig_echo-001-inputs-list': { why: 'No numpy.', check: echoesWithoutSignature([1, 2, 3]) },
  'nosig_echo-002-inputs-nested': {
    why: 'No numpy.',
    check: echoesWithoutSignature([
      [1.5, 2],
      [3, 4],
    ]),
  },
  'nosig_echo-003-inputs-mixed': {
    why: 'No numpy: a mixed list keeps its types instead of becoming strings.',
    check: echoesWithoutSignature([1, 'a', true]),
  },
  'nosig_echo-004-inputs-scalar': { why: 'No numpy.', check: echoesWithoutSignature('hello') },
  'nosig_echo-005-inputs-dict': {
    why: 'No numpy.',
    check: echoesWithoutSignature({ a: [1, 2], b: ['x', 'y'] }),
  },
  'nosig_echo-006-inputs-records': {
    why: 'Passed as is (like MLflow).',
    check: echoesWithoutSignature([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]),
  },
  'nosig_echo-007-instances-records': {
    why: 'instances records are rows, not a dict of columns.',
    check: echoesWithoutSignature([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]),
  },
  'nosig_echo-008-split': {
    why: 'A table arrives as rows; the index is not kept; values are not cast to a common dtype.',
    check: echoesWithoutSignature([
      { a: 1, b: 'x' },
      { a: 2.5, b: null },
    ]),
  },
  'nosig_echo-009-records': {
    why: '[MLFLOW-BUG:invalid-json-nan] A missing value is null, not NaN.',
    check: echoesWithoutSignature([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ]),
  },
  'nosig_echo-010-csv': {
    why: '[MLFLOW-BUG:invalid-json-nan] Without a schema CSV cells stay strings (no pandas type inference); empty cells are null.',
    check: echoesWithoutSignature([
      { a: '1', b: 'x', c: '2.5' },
      { a: '2', b: null, c: '3' },
    ]),
  },
  'nosig_echo-011-csv-header-only': { why: 'Zero rows.', check: echoesWithoutSignature([]) },
  'nosig_echo-012-csv-no-trailing-newline-numbers': {
    why: 'The single line is the header: zero rows.',
    check: echoesWithoutSignature([]),
  },
  'nosig_echo-013-llm-messages': {
    why: 'The whole unwrapped body is the data (like MLflow), answered unwrapped.',
    check: echoesWithoutSignature(
      {
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hello there' },
        ],
        temperature: 0.5,
        max_tokens: 20,
      },
      false,
    ),
  },
  'nosig_echo-014-params-ignored': {
    why: 'Params without a params schema are dropped.',
    check: echoesWithoutSignature([1]),
  },
  'nosig_echo-015-empty-inputs': { why: 'Passed as is.', check: echoesWithoutSignature([]) },
  'nosig_echo-016-nan': {
    why: '[MLFLOW-BUG:invalid-json-nan] NaN reaches the model and is answered as null.',
    check: (response) =>
      expect(successJson(response)).toEqual({
        predictions: {
          input_type: 'array',
          params: {},
          value: { type: 'array', value: [1, null], item_types: ['number', 'number'] },
        },
      }),
  },

  // Model failures (spec §7).
  ...Object.fromEntries(
    ['001-valueerror-split', '002-valueerror-inputs', '003-valueerror-csv', '004-valueerror-llm-body'].map(
      (suffix) => [
        `raises_error-${suffix}`,
        {
          why:
            '[MLFLOW-BUG:400-for-model-exception] [MLFLOW-BUG:stack-trace-echoed] An error raised by the model ' +
            'is a 500 INTERNAL_ERROR naming it, without a stack trace.',
          check: answersError(
            500,
            'INTERNAL_ERROR',
            'Model raised an error: deliberate ValueError raised by predict',
          ),
        },
      ],
    ),
  ),
  'slow-002-timeout': {
    why: '[MLFLOW-BUG:504-not-json] The timeout answer is MLflow error JSON.',
    check: answersError(504, 'DEADLINE_EXCEEDED', 'Request processing time exceeded limit'),
  },
  'slow-003-ping-after-timeout': {
    why: '[MLFLOW-BUG:ping-not-json] The server still answers /ping, with valid JSON.',
    check: answersJson({ status: 'ok' }),
  },

  // Chat.
  'chat_echo-004-llm-unknown-keys': {
    why: '"stream": true asks for a stream, and this model (like the recorded one) cannot stream.',
    check: answersError(400, 'BAD_REQUEST', 'This model does not support predict_stream method.'),
  },
  'chat_echo-006-llm-int-temperature-2': {
    why: '[MLFLOW-QUIRK:int-rejected-for-double-in-llm-body] JSON integers are fine for double columns on every path.',
    check: (response) => {
      const completion = successJson(response) as { choices: unknown[]; received: Record<string, unknown> };
      expect(completion.choices).toHaveLength(1);
      expect(completion.received).toMatchObject({
        columns: ['messages', 'temperature'],
        temperature: 2,
        temperature_type: 'number',
      });
    },
  },
  'chat_echo-008-llm-float-max-tokens': {
    why: 'A value that does not convert to its column type is BAD_REQUEST on every path (MLflow: INVALID_PARAMETER_VALUE here, BAD_REQUEST on the dataframe path).',
    check: answersError(400, 'BAD_REQUEST', "Failed to convert column max_tokens to type 'long'"),
  },
  'chat_echo-015-wrapped-records-two-rows': {
    why: '[MLFLOW-QUIRK:missing-optional-long-fails] An optional long column may be left out of some rows: null there.',
    check: (response) => {
      const completions = (successJson(response) as { predictions: { received: Record<string, unknown> }[] })
        .predictions;
      expect(
        completions.map((completion) => [
          completion.received.max_tokens,
          completion.received.max_tokens_type,
        ]),
      ).toEqual([
        [null, 'null'],
        [5, 'number'],
      ]);
    },
  },
};

/**
 * For errors answered like MLflow: the parts of MLflow's message that are stable (no Python reprs,
 * no echoed input) and that our message must contain.
 */
const STABLE_MESSAGE_PARTS: Record<string, string[]> = {
  'params_echo-016-split-no-columns': [
    "Model is missing inputs ['prompt']. Note that there were extra inputs: [",
  ],
  'params_echo-019-instances-list-of-strings': ["Model is missing inputs ['prompt']."],
  'params_echo-023-inputs-list-of-strings': ["Model is missing inputs ['prompt']."],
  'params_echo-027-params-float-for-long': [
    "Invalid parameters found: {('max_tokens', \"Failed to validate type and shape for 'max_tokens': long (default: 1000), error: Can not safely convert `",
    'for value `5.5`',
  ],
  'params_echo-028-params-wrong-type-string': [
    "Invalid parameters found: {('",
    "Failed to validate type and shape for 'temperature': float (default: 0.1), error: Can not safely convert `",
    "Failed to validate type and shape for 'max_tokens': long (default: 1000), error: Can not safely convert `",
  ],
  'params_echo-029-params-numeric-string': [
    "Failed to validate type and shape for 'max_tokens': long (default: 1000)",
    'for value `12`',
  ],
  'params_echo-031-params-not-a-dict': ["Parameters must be a dictionary. Got type '"],
  'params_echo-036-csv-no-header': [
    "Model is missing inputs ['prompt']. Note that there were extra inputs: ['hi', '0.5'].",
  ],
  'params_echo-049-malformed-json': [
    'Invalid input. Ensure that input is a valid JSON formatted string. Error: ',
  ],
  'params_echo-050-empty-body-json': [
    'Invalid input. Ensure that input is a valid JSON formatted string. Error: ',
  ],
  'params_echo-051-bare-list': [
    'Invalid input. The input must be a JSON dictionary with exactly one of the input fields ',
    'Received a list.',
  ],
  'params_echo-052-bare-scalar': [
    'Invalid input. The input must be a JSON dictionary with exactly one of the input fields ',
    "Received unexpected input type '",
  ],
  'params_echo-053-empty-object': [
    'The input must be a JSON dictionary with exactly one of the input fields ',
    'Received dictionary with input fields: [].',
  ],
  'params_echo-054-two-wrappers': ["Received dictionary with input fields: ['dataframe_split', 'inputs']."],
  'params_echo-055-mlflow1-split-body': ['Received dictionary with input fields: [].'],
  'params_echo-057-split-not-a-dict': [
    'Invalid input. Dataframe split format must be a dictionary. Got list.',
  ],
  'params_echo-058-split-extra-field': [
    "Invalid input. Dataframe split format must have 'data' field and optionally 'columns' and 'index' fields. Got ",
  ],
  'params_echo-059-split-shape-mismatch': [
    "Invalid input. Provided dataframe_split field is not a valid dataframe representation in 'split' format. Error: ",
    '2 columns passed, passed data had 1 columns',
  ],
  'params_echo-060-records-not-a-list': [
    'Invalid input. Dataframe records format must be a list of records. Got dictionary.',
  ],
  'params_echo-061-missing-required-column': ["Model is missing inputs ['prompt']."],
  'params_echo-064-string-into-double': [
    'Invalid input. Data is not compatible with model signature. Failed to convert column temperature to type ',
  ],
  'params_echo-071-empty-records': ["Model is missing inputs ['prompt']."],
  'params_echo-072-empty-inputs-list': ["Model is missing inputs ['prompt']."],
  'params_echo-077-llm-param-wrong-type': [
    "Failed to validate type and shape for 'max_tokens': long (default: 1000)",
    'for value `many`',
  ],
  'params_echo-078-llm-input-key': [
    "Model is missing inputs ['prompt']. Note that there were extra inputs: ['input'].",
  ],
  'types_echo-011-bad-string-into-int': [
    'Invalid input. Data is not compatible with model signature. Failed to convert column i to type ',
  ],
  'types_echo-017-bad-date': [
    'Invalid input. Data is not compatible with model signature. Failed to convert column dt to type ',
  ],
  'types_echo-019-bad-base64': [
    'Invalid input. Data is not compatible with model signature. Failed to convert column bin to type ',
  ],
  'tensor_sum-005-wrong-shape': ['Shape of input (1, 2) does not match expected shape (-1, 3).'],
  'tensor_sum-006-flat-list': ['Shape of input (3,) does not match expected shape (-1, 3).'],
  'raises_error-005-mlflowexception': ['deliberate MlflowException raised by predict'],
  'chat_echo-009-llm-missing-role': ["Missing required properties: {'role'}"],
  'chat_echo-010-llm-message-extra-key': ["Invalid properties not defined in the schema found: {'name'}"],
  'chat_echo-011-llm-content-not-string': [
    'Failed to enforce schema for key `content`. Expected type string, received type ',
  ],
  'chat_echo-012-llm-messages-not-list': ['Expected data to be list or numpy array, got '],
  'chat_echo-013-llm-prompt-instead': [
    "Model is missing inputs ['messages']. Note that there were extra inputs: ['prompt'].",
  ],
  'chat_echo-017-bare-list-messages': [
    'Invalid input. The input must be a JSON dictionary with exactly one of the input fields ',
    'Received a list.',
  ],
};

/** The comparison for exchanges Millrace answers like MLflow. */
function compareWithMlflow(response: HttpExchange, record: VectorRecord): void {
  const expected = record.response;
  expect(response.status).toBe(expected.status);
  if (expected.content_type !== null)
    expect(mediaType(response.contentType)).toBe(mediaType(expected.content_type));
  if (record.request.method === 'HEAD') {
    expect(response.body).toBe('');
    return;
  }
  if (expected.status === 200) {
    expect(typeof expected.body, 'a raw-string MLflow body needs an EXPECTED_DIFFERENCES entry').not.toBe(
      'string',
    );
    expect(JSON.parse(response.body)).toEqual(normaliseMlflowAnswer(expected.body));
    return;
  }
  const mlflowError = expected.body as ErrorJson;
  const ours = errorJson(response);
  expect(ours.error_code).toBe(mlflowError.error_code);
  const stableParts = STABLE_MESSAGE_PARTS[record.id];
  expect(stableParts, `STABLE_MESSAGE_PARTS needs an entry for ${record.id}`).toBeDefined();
  for (const part of stableParts ?? []) {
    expect(mlflowError.message, 'the stable part must come from the MLflow message').toContain(part);
    expect(ours.message).toContain(part);
  }
}

const VECTOR_MODELS: { name: string; code: string; timeoutSeconds?: number }[] = [
  { name: 'params_echo', code: 'params-echo-model.ts' },
  { name: 'types_echo', code: 'types-echo-model.ts' },
  { name: 'tensor_sum', code: 'tensor-sum-model.ts' },
  { name: 'nosig_echo', code: 'nosig-echo-model.ts' },
  { name: 'raises_error', code: 'raises-error-model.ts' },
  // Served with -t 2, like the recording.
  { name: 'slow', code: 'slow-model.ts', timeoutSeconds: 2 },
  { name: 'chat_echo', code: 'chat-echo-model.ts' },
];

const replayed = new Set<string>();

for (const vectorModel of VECTOR_MODELS) {
  describe(`${vectorModel.name} vectors`, () => {
    let served: ServedModel;
    beforeAll(async () => {
      served = await serveFixture(
        { code: vectorModel.code, signature: vectorSignature(vectorModel.name) },
        vectorModel.timeoutSeconds === undefined ? {} : { timeoutSeconds: vectorModel.timeoutSeconds },
      );
    });
    afterAll(async () => served.close());

    for (const record of readVectors(vectorModel.name)) {
      it(record.id, async () => {
        const hasBody = record.request.method !== 'GET' && record.request.method !== 'HEAD';
        const response = await sendRequest(served.baseUrl, {
          method: record.request.method,
          path: record.request.path,
          headers: record.request.headers,
          body: hasBody ? requestBody(record) : undefined,
        });
        replayed.add(record.id);
        const difference = EXPECTED_DIFFERENCES[record.id];
        if (difference === undefined) compareWithMlflow(response, record);
        else difference.check(response, record);
      });
    }
  });
}

describe('the conformance tables', () => {
  it('replayed all 162 recorded exchanges, and every listed difference names a recorded exchange', () => {
    const all = VECTOR_MODELS.flatMap((vectorModel) =>
      readVectors(vectorModel.name).map((record) => record.id),
    );
    expect(all).toHaveLength(162);
    expect([...replayed].sort()).toEqual([...all].sort());
    for (const id of [...Object.keys(EXPECTED_DIFFERENCES), ...Object.keys(STABLE_MESSAGE_PARTS)]) {
      expect(all).toContain(id);
    }
    for (const difference of Object.values(EXPECTED_DIFFERENCES))
      expect(difference.why.length).toBeGreaterThan(0);
  });
});
