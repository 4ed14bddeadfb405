// packages/scoring-server/src/create-scoring-app.ts
import Fastify from "fastify";

// packages/scoring-server/src/metrics/scoring-metrics.ts
import { Counter, Gauge, Histogram, Registry } from "prom-client";
var LATENCY_BUCKETS = [5e-4, 1e-3, 25e-4, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
var UNMATCHED_ROUTE = "unmatched";
function createScoringMetrics(registry = new Registry()) {
  const requests = new Counter({
    name: "millrace_scoring_requests_total",
    help: "Requests answered by the scoring server, by route and HTTP status.",
    labelNames: ["route", "status"],
    registers: [registry]
  });
  const duration = new Histogram({
    name: "millrace_scoring_request_duration_seconds",
    help: "Time from the start of a request to the end of its answer, by route.",
    labelNames: ["route"],
    buckets: LATENCY_BUCKETS,
    registers: [registry]
  });
  const inFlight = new Gauge({
    name: "millrace_scoring_requests_in_flight",
    help: "Requests being handled right now.",
    registers: [registry]
  });
  const modelErrors = new Counter({
    name: "millrace_scoring_model_errors_total",
    help: "Predictions that failed inside predict (schema or params enforcement, or the model), by error code.",
    labelNames: ["error_code"],
    registers: [registry]
  });
  const timeouts = new Counter({
    name: "millrace_scoring_timeouts_total",
    help: "Predictions or stream chunks that exceeded the request timeout.",
    registers: [registry]
  });
  const abandoned = new Gauge({
    name: "millrace_scoring_abandoned_predictions",
    help: "Predictions still running after the server stopped waiting for them (timeout or client gone).",
    registers: [registry]
  });
  abandoned.set(0);
  const requestLabels = /* @__PURE__ */ new Map();
  const durationLabels = /* @__PURE__ */ new Map();
  const errorLabels = /* @__PURE__ */ new Map();
  const labelsFor = (route, status) => {
    let byStatus = requestLabels.get(route);
    if (byStatus === void 0) {
      byStatus = /* @__PURE__ */ new Map();
      requestLabels.set(route, byStatus);
      durationLabels.set(route, { route });
    }
    let labels = byStatus.get(status);
    if (labels === void 0) {
      labels = { route, status: String(status) };
      byStatus.set(status, labels);
    }
    return labels;
  };
  return {
    registry,
    requestStarted: () => inFlight.inc(),
    requestFinished(route, status, durationSeconds) {
      inFlight.dec();
      requests.inc(labelsFor(route, status));
      duration.observe(durationLabels.get(route), durationSeconds);
    },
    modelError(errorCode) {
      let labels = errorLabels.get(errorCode);
      if (labels === void 0) {
        labels = { error_code: errorCode };
        errorLabels.set(errorCode, labels);
      }
      modelErrors.inc(labels);
    },
    timeout: () => timeouts.inc(),
    abandonedPredictions: (count) => abandoned.set(count),
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    }
  };
}

// packages/core/src/errors/error-code.ts
var HTTP_STATUS_BY_ERROR_CODE = {
  BAD_REQUEST: 400,
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  CUSTOMER_UNAUTHORIZED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_DOES_NOT_EXIST: 404,
  ABORTED: 409,
  RESOURCE_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  REQUEST_LIMIT_EXCEEDED: 429,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL_ERROR: 500,
  INVALID_STATE: 500,
  DATA_LOSS: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504
};
function httpStatusForErrorCode(code) {
  return HTTP_STATUS_BY_ERROR_CODE[code] ?? 500;
}

// packages/core/src/errors/millrace-error.ts
var MILLRACE_ERROR_MARKER = /* @__PURE__ */ Symbol.for("millrace.error");
var MillraceError = class _MillraceError extends Error {
  [MILLRACE_ERROR_MARKER] = true;
  name = "MillraceError";
  errorCode;
  /** The HTTP status: the catalogue's for the code unless given explicitly. */
  httpStatus;
  constructor(errorCode, message, options) {
    super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
    this.errorCode = errorCode;
    this.httpStatus = options?.httpStatus ?? httpStatusForErrorCode(errorCode);
  }
  toJSON() {
    return { error_code: this.errorCode, message: this.message };
  }
  /** Works across duplicate copies of this package, unlike `instanceof`. */
  static isInstance(value) {
    return typeof value === "object" && value !== null && MILLRACE_ERROR_MARKER in value;
  }
  static badRequest(message) {
    return new _MillraceError("BAD_REQUEST", message);
  }
  static invalidParameterValue(message) {
    return new _MillraceError("INVALID_PARAMETER_VALUE", message);
  }
  static notFound(message) {
    return new _MillraceError("RESOURCE_DOES_NOT_EXIST", message);
  }
};

// packages/core/src/table.ts
var Table = class _Table {
  constructor(columns, rows) {
    this.columns = columns;
    this.rows = rows;
  }
  columns;
  rows;
  static fromRows(rows) {
    const columns = [];
    const seen = /* @__PURE__ */ new Set();
    for (const row of rows) {
      for (const key of Object.keys(row)) {
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    }
    return new _Table(columns, rows);
  }
  get length() {
    return this.rows.length;
  }
};

// packages/scoring-server/src/prediction/prediction-deadline.ts
function createPredictionDeadline(options) {
  const timeoutMilliseconds = options.timeoutSeconds * 1e3;
  let abandonedCount = 0;
  const settleAbandoned = () => {
    abandonedCount--;
    options.onAbandonedCountChange?.(abandonedCount);
  };
  const abandon = (work) => {
    abandonedCount++;
    options.onAbandonedCountChange?.(abandonedCount);
    work.then(settleAbandoned, settleAbandoned);
  };
  return {
    get abandonedCount() {
      return abandonedCount;
    },
    assertCapacity() {
      if (abandonedCount >= options.maxAbandonedPredictions) {
        throw new MillraceError(
          "TEMPORARILY_UNAVAILABLE",
          `The server is busy: ${abandonedCount} predictions that timed out or lost their client are still running. Try again later.`
        );
      }
    },
    wait(work, cancellation) {
      return new Promise((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(() => {
          options.onTimeout?.();
          cancellation.cancel(
            new MillraceError(
              "DEADLINE_EXCEEDED",
              `Request processing time exceeded limit: the model did not answer within ${options.timeoutSeconds} seconds.`
            )
          );
        }, timeoutMilliseconds);
        cancellation.onCancel((reason) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          abandon(work);
          reject(reason);
        });
        work.then(
          (value) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            cancellation.onCancel(void 0);
            resolve(value);
          },
          (error) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            cancellation.onCancel(void 0);
            reject(error);
          }
        );
      });
    }
  };
}

// packages/scoring-server/src/parsing/format-name-list.ts
function formatNameList(names) {
  return `[${names.map((name) => `'${name}'`).join(", ")}]`;
}

// packages/scoring-server/src/http/content-type.ts
var SUPPORTED_MEDIA_TYPES = ["text/csv", "application/json"];
var UNSUPPORTED_MEDIA_TYPE_STATUS = 415;
function unsupportedMediaType(message) {
  return new MillraceError("BAD_REQUEST", message, { httpStatus: UNSUPPORTED_MEDIA_TYPE_STATUS });
}
function formatForMediaType(mediaType) {
  if (mediaType === "application/json") return "json";
  if (mediaType === "text/csv") return "csv";
  return void 0;
}
function negotiateContentType(header) {
  if (header === "application/json") return "json";
  if (header === void 0 || header.trim() === "") {
    throw unsupportedMediaType(
      `Missing Content-Type header. This predictor only supports the following content types: Types: ${formatNameList(SUPPORTED_MEDIA_TYPES)}.`
    );
  }
  const parts = header.split(";");
  const mediaType = (parts[0] ?? "").trim();
  const unrecognized = [];
  for (const part of parts.slice(1)) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const separator = trimmed.indexOf("=");
    const key = (separator === -1 ? trimmed : trimmed.slice(0, separator)).trim();
    if (key.toLowerCase() !== "charset") {
      unrecognized.push(key);
      continue;
    }
    const value = separator === -1 ? "" : trimmed.slice(separator + 1).trim();
    if (value.replace(/^"(.*)"$/, "$1").toLowerCase() !== "utf-8") {
      throw unsupportedMediaType("The scoring server only supports UTF-8");
    }
  }
  if (unrecognized.length > 0) {
    throw unsupportedMediaType(
      `Unrecognized content type parameters: ${unrecognized.join(", ")}. Millrace speaks the MLflow 2.0+ scoring protocol: send 'application/json' with the data under one of 'dataframe_split', 'dataframe_records', 'instances' or 'inputs', or send 'text/csv'.`
    );
  }
  const format = formatForMediaType(mediaType);
  if (format === void 0) {
    throw unsupportedMediaType(
      `This predictor only supports the following content types: Types: ${formatNameList(SUPPORTED_MEDIA_TYPES)}. Got '${header}'.`
    );
  }
  return format;
}

// packages/scoring-server/src/response/error-response.ts
function isFrameworkError(error) {
  return error instanceof Error && typeof error.code === "string" && error.code.startsWith("FST_");
}
function fromMillraceError(error) {
  return { status: error.httpStatus, body: { error_code: error.errorCode, message: error.message } };
}
function createErrorResponder(options) {
  return function toErrorResponse(error, contentTypeHeader) {
    if (MillraceError.isInstance(error)) return fromMillraceError(error);
    if (isFrameworkError(error)) {
      if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        return fromMillraceError(
          new MillraceError(
            "BAD_REQUEST",
            `The request body is larger than the limit of ${options.maxBodyBytes} bytes.`,
            { httpStatus: 413 }
          )
        );
      }
      if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
        try {
          negotiateContentType(contentTypeHeader);
        } catch (negotiationError) {
          if (MillraceError.isInstance(negotiationError)) return fromMillraceError(negotiationError);
        }
        return fromMillraceError(
          new MillraceError("BAD_REQUEST", `Invalid Content-Type header.`, { httpStatus: 415 })
        );
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return fromMillraceError(new MillraceError("BAD_REQUEST", error.message, { httpStatus: status }));
      }
    }
    options.logger.error(
      `Internal error while handling a request: ${error instanceof Error ? error.stack ?? error.message : String(error)}`
    );
    return {
      status: 500,
      body: { error_code: "INTERNAL_ERROR", message: "Internal error while handling the request." }
    };
  };
}

// packages/scoring-server/src/response/send-error.ts
function sendError(reply, response) {
  return reply.code(response.status).header("content-type", "application/json").send(JSON.stringify(response.body));
}

// packages/scoring-server/src/routes/fallback-routes.ts
var MAXIMUM_PATH_IN_MESSAGE = 200;
function describePath(url) {
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  return path.length > MAXIMUM_PATH_IN_MESSAGE ? `${path.slice(0, MAXIMUM_PATH_IN_MESSAGE)}...` : path;
}
function registerFallbackRoutes(app2, routes) {
  app2.setNotFoundHandler((request, reply) => {
    const allowed = routes.allowedMethods(request.url);
    if (allowed !== void 0) {
      const error2 = new MillraceError(
        "BAD_REQUEST",
        `Method ${request.method} is not allowed for ${describePath(request.url)}. Allowed: ${allowed.join(", ")}.`,
        { httpStatus: 405 }
      );
      return sendError(reply.header("allow", allowed.join(", ")), fromMillraceError(error2));
    }
    const error = new MillraceError("ENDPOINT_NOT_FOUND", `No endpoint at ${request.method} ${describePath(request.url)}.`);
    return sendError(reply, fromMillraceError(error));
  });
}

// packages/scoring-server/src/routes/health-routes.ts
var HEALTH_BODY = '{"status":"ok"}';
function registerHealthRoutes(app2, routes) {
  for (const path of ["/ping", "/health"]) {
    routes.add(path, "GET");
    app2.get(path, (_request, reply) => reply.header("content-type", "application/json").send(HEALTH_BODY));
  }
}

// packages/scoring-server/src/http/accepts-event-stream.ts
function acceptsEventStream(accept) {
  return accept !== void 0 && accept.includes("text/event-stream");
}

// packages/scoring-server/src/parsing/csv-request.ts
import { parse } from "csv-parse/sync";

// packages/scoring-server/src/parsing/json-value-type.ts
function jsonValueType(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "dictionary";
  return typeof value;
}
function isJsonObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function setOwnProperty(target, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

// packages/scoring-server/src/parsing/csv-request.ts
var CSV_ERROR_PREFIX = "Failed to parse input as a CSV table (the first line is the header). Error: ";
function csvError(reason) {
  return MillraceError.badRequest(CSV_ERROR_PREFIX + reason);
}
function readNumber(text, column) {
  const trimmed = text.trim();
  const lowered = trimmed.toLowerCase();
  if (lowered === "nan") return Number.NaN;
  if (lowered === "inf" || lowered === "infinity" || lowered === "+inf" || lowered === "+infinity") return Infinity;
  if (lowered === "-inf" || lowered === "-infinity") return -Infinity;
  const value = Number(trimmed);
  if (trimmed === "" || Number.isNaN(value)) {
    throw csvError(`could not convert '${text.slice(0, 40)}' in column '${column}' to a number.`);
  }
  return value;
}
function readBoolean(text, column) {
  const lowered = text.trim().toLowerCase();
  if (lowered === "true") return true;
  if (lowered === "false") return false;
  throw csvError(`could not convert '${text.slice(0, 40)}' in column '${column}' to a boolean (true or false).`);
}
var readString = (text) => text;
var NUMERIC_DATA_TYPES = /* @__PURE__ */ new Set(["integer", "long", "float", "double"]);
function readerForColumn(spec, column) {
  if (NUMERIC_DATA_TYPES.has(spec.type)) return readNumber;
  if (spec.type === "boolean") return readBoolean;
  if (spec.type === "string" || spec.type === "binary" || spec.type === "datetime") return readString;
  throw csvError(
    `CSV cannot carry column '${column}' of type '${spec.type}'; send this model JSON (dataframe_split, dataframe_records or inputs) instead.`
  );
}
function readerForTensor(spec) {
  const dtype = spec["tensor-spec"].dtype;
  if (/^u?int\d*$|^float\d*$/.test(dtype)) return readNumber;
  if (dtype === "bool") return readBoolean;
  return readString;
}
function cellReaders(header, schema) {
  if (schema === null || schema.length === 0) return header.map(() => readString);
  const first = schema[0];
  if (first.type === "tensor") return header.map(() => readerForTensor(first));
  const colSpecs = schema;
  if (colSpecs.every((spec) => spec.name === void 0)) {
    return header.map((column, position) => {
      const spec = colSpecs[position];
      return spec === void 0 ? readString : readerForColumn(spec, column);
    });
  }
  const specsByName = new Map(colSpecs.map((spec) => [spec.name, spec]));
  return header.map((column) => {
    const spec = specsByName.get(column);
    return spec === void 0 ? readString : readerForColumn(spec, column);
  });
}
function parseRecords(text) {
  try {
    return parse(text, { bom: true, skip_empty_lines: true });
  } catch (error) {
    throw csvError(error instanceof Error ? error.message : String(error));
  }
}
function parseCsvRequest(text, inputSchema) {
  const records = parseRecords(text);
  const header = records[0];
  if (header === void 0) throw csvError("the body is empty; a CSV request needs at least a header line.");
  const seen = /* @__PURE__ */ new Set();
  for (const column of header) {
    if (seen.has(column)) throw csvError(`duplicate column name '${column}' in the header.`);
    seen.add(column);
  }
  const readers = cellReaders(header, inputSchema);
  const rows = records.slice(1).map((record) => {
    const row = {};
    header.forEach((column, position) => {
      const text2 = record[position] ?? "";
      setOwnProperty(row, column, text2 === "" ? null : readers[position](text2, column));
    });
    return row;
  });
  return { input: new Table(header, rows), params: void 0, wrapped: true, stream: false };
}

// packages/scoring-server/src/parsing/dataframe-records.ts
function parseDataframeRecords(value) {
  if (!Array.isArray(value)) {
    throw MillraceError.badRequest(
      `Invalid input. Dataframe records format must be a list of records. Got ${jsonValueType(value)}.`
    );
  }
  const records = value;
  records.forEach((record, position) => {
    if (!isJsonObject(record)) {
      throw MillraceError.badRequest(
        `Invalid input. Provided dataframe_records field is not a valid dataframe representation in 'records' format. Error: record ${position} is a ${jsonValueType(record)}, not a dictionary.`
      );
    }
  });
  return fillMissingColumns(Table.fromRows(records));
}
function fillMissingColumns(table) {
  const width = table.columns.length;
  const rows = table.rows.map((row) => {
    if (Object.keys(row).length === width) return row;
    const filled = {};
    for (const column of table.columns) setOwnProperty(filled, column, Object.hasOwn(row, column) ? row[column] : null);
    return filled;
  });
  return new Table(table.columns, rows);
}

// packages/scoring-server/src/parsing/dataframe-split.ts
var ALLOWED_FIELDS = /* @__PURE__ */ new Set(["columns", "data", "index"]);
function invalidSplit(reason) {
  return MillraceError.badRequest(
    `Invalid input. Provided dataframe_split field is not a valid dataframe representation in 'split' format. Error: ${reason}`
  );
}
function readColumns(columns, width) {
  if (columns === void 0 || columns === null) {
    return Array.from({ length: width }, (_unused, position) => String(position));
  }
  if (!Array.isArray(columns)) throw invalidSplit(`'columns' must be a list, got ${jsonValueType(columns)}.`);
  const names = [];
  const seen = /* @__PURE__ */ new Set();
  for (const column of columns) {
    if (typeof column !== "string" && typeof column !== "number") {
      throw invalidSplit(`column names must be strings or numbers, got ${jsonValueType(column)}.`);
    }
    const name = String(column);
    if (seen.has(name)) throw invalidSplit(`duplicate column name '${name}'.`);
    seen.add(name);
    names.push(name);
  }
  return names;
}
function parseDataframeSplit(value) {
  if (!isJsonObject(value)) {
    throw MillraceError.badRequest(
      `Invalid input. Dataframe split format must be a dictionary. Got ${jsonValueType(value)}.`
    );
  }
  const fields = Object.keys(value);
  if (!Object.hasOwn(value, "data") || fields.some((field) => !ALLOWED_FIELDS.has(field))) {
    throw MillraceError.badRequest(
      `Invalid input. Dataframe split format must have 'data' field and optionally 'columns' and 'index' fields. Got ${formatNameList([...fields].sort())}.`
    );
  }
  const data = value.data;
  if (!Array.isArray(data)) throw invalidSplit(`'data' must be a list of rows, got ${jsonValueType(data)}.`);
  const rows = data.map((row) => Array.isArray(row) ? row : [row]);
  const columnsGiven = value.columns !== void 0 && value.columns !== null;
  const columns = readColumns(value.columns, rows[0]?.length ?? 0);
  rows.forEach((row, position) => {
    if (row.length !== columns.length) {
      throw invalidSplit(
        columnsGiven ? `${columns.length} columns passed, passed data had ${row.length} columns (row ${position}).` : `rows have different lengths: row 0 has ${columns.length} values, row ${position} has ${row.length}.`
      );
    }
  });
  const index = value.index;
  if (index !== void 0 && index !== null) {
    if (!Array.isArray(index)) throw invalidSplit(`'index' must be a list, got ${jsonValueType(index)}.`);
    if (index.length !== rows.length) {
      throw invalidSplit(`'index' has ${index.length} entries but 'data' has ${rows.length} rows.`);
    }
  }
  const records = rows.map((row) => {
    const record = {};
    for (let position = 0; position < columns.length; position++) {
      setOwnProperty(record, columns[position], row[position]);
    }
    return record;
  });
  return new Table(columns, records);
}

// packages/scoring-server/src/parsing/instances.ts
function parseInstances(value) {
  if (!Array.isArray(value) || value.length === 0) return value;
  if (!value.every(isJsonObject)) return value;
  const instances = value;
  const table = Table.fromRows(instances);
  const uneven = table.columns.filter((column) => instances.some((instance) => !Object.hasOwn(instance, column)));
  if (uneven.length > 0) {
    throw MillraceError.badRequest(
      `Invalid input. The length of values for each input/column name are not the same: ${formatNameList(uneven)} ${uneven.length === 1 ? "is" : "are"} missing from some instances.`
    );
  }
  return table;
}

// packages/scoring-server/src/parsing/stream-flag.ts
function readStreamFlag(value) {
  if (value === void 0 || value === null) return false;
  if (typeof value === "boolean") return value;
  throw MillraceError.badRequest(`Invalid input. 'stream' must be a boolean, got ${jsonValueType(value)}.`);
}

// packages/scoring-server/src/parsing/llm-body.ts
var LLM_BODY_KEYS = ["messages", "prompt", "input"];
function isLlmBody(body) {
  return LLM_BODY_KEYS.some((key) => Object.hasOwn(body, key));
}
function splitLlmBody(body, schema) {
  const data = {};
  const params = {};
  let stream = false;
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (key === "stream") {
      stream = readStreamFlag(value);
      if (schema.paramNames?.has(key) !== true && !schema.inputColumnNames.has(key)) continue;
    }
    if (schema.paramNames?.has(key) === true) setOwnProperty(params, key, value);
    else setOwnProperty(data, key, value);
  }
  return { input: data, params: schema.paramNames === null ? void 0 : params, wrapped: false, stream };
}

// packages/scoring-server/src/parsing/json-request.ts
var WRAPPER_KEYS = ["dataframe_records", "dataframe_split", "inputs", "instances"];
var WRAPPER_KEY_SET = new Set(WRAPPER_KEYS);
var OTHER_ALLOWED_KEYS = /* @__PURE__ */ new Set(["params", "stream"]);
var EXPECTED_FIELDS = `The input must be a JSON dictionary with exactly one of the input fields ${formatNameList(WRAPPER_KEYS)}.`;
function readWrappedInput(key, value) {
  switch (key) {
    case "dataframe_split":
      return parseDataframeSplit(value);
    case "dataframe_records":
      return parseDataframeRecords(value);
    case "instances":
      return parseInstances(value);
    case "inputs":
      return value;
  }
}
function parseJsonRequest(body, schema) {
  if (!isJsonObject(body)) {
    const received = Array.isArray(body) ? "a list" : `unexpected input type '${jsonValueType(body)}'`;
    throw MillraceError.badRequest(`Invalid input. ${EXPECTED_FIELDS} Received ${received}.`);
  }
  if (isLlmBody(body)) return splitLlmBody(body, schema);
  const wrappers = [];
  const unknownKeys = [];
  for (const key of Object.keys(body)) {
    if (WRAPPER_KEY_SET.has(key)) wrappers.push(key);
    else if (!OTHER_ALLOWED_KEYS.has(key)) unknownKeys.push(key);
  }
  const [wrapper] = wrappers;
  if (wrapper === void 0 || wrappers.length > 1) {
    throw MillraceError.badRequest(
      `${EXPECTED_FIELDS} Received dictionary with input fields: ${formatNameList(wrappers)}. (MLflow 2.0 changed the scoring protocol: a 1.x body such as {"columns": [...], "data": [...]} must now be sent as {"dataframe_split": {"columns": [...], "data": [...]}}.)`
    );
  }
  if (unknownKeys.length > 0) {
    throw MillraceError.badRequest(
      `Invalid input. Unknown top-level fields: ${formatNameList(unknownKeys.sort())}. A request has exactly one of ${formatNameList(WRAPPER_KEYS)}, and optionally 'params' and 'stream'.`
    );
  }
  const stream = readStreamFlag(body.stream);
  const input = readWrappedInput(wrapper, body[wrapper]);
  return { input, params: body.params ?? void 0, wrapped: true, stream };
}

// packages/scoring-server/src/parsing/lenient-json.ts
var INVALID_JSON_PREFIX = "Invalid input. Ensure that input is a valid JSON formatted string. Error: ";
var FIRST_SENTINEL_CODE = 57344;
var LAST_SENTINEL_CODE = 63743;
function describeParseError(error) {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /^(Unexpected token .+?), ".*"(?:\.\.\.)? is not valid JSON$/s.exec(message);
  return quoted ? `${quoted[1]} in JSON` : message;
}
function invalidJson(error) {
  return new MillraceError("BAD_REQUEST", INVALID_JSON_PREFIX + describeParseError(error));
}
function chooseNanSentinel(text) {
  let lowered;
  for (let code = FIRST_SENTINEL_CODE; code <= LAST_SENTINEL_CODE; code++) {
    const character = String.fromCharCode(code);
    if (text.includes(character)) continue;
    lowered ??= text.toLowerCase();
    if (lowered.includes(`\\u${code.toString(16)}`)) continue;
    return character;
  }
  return void 0;
}
function rewriteNonFiniteTokens(text, sentinel) {
  const chunks = [];
  let copiedUpTo = 0;
  let hasNan = false;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 34) {
      index++;
      while (index < length) {
        const inner = text.charCodeAt(index);
        if (inner === 92) index += 2;
        else if (inner === 34) break;
        else index++;
      }
      index++;
      continue;
    }
    let token;
    let replacement = "";
    if (code === 78 && text.startsWith("NaN", index)) {
      token = "NaN";
      replacement = `"${sentinel}"`;
      hasNan = true;
    } else if (code === 73 && text.startsWith("Infinity", index)) {
      token = "Infinity";
      replacement = "1e999   ";
    } else if (code === 45 && text.startsWith("-Infinity", index)) {
      token = "-Infinity";
      replacement = "-1e999   ";
    }
    if (token === void 0) {
      index++;
      continue;
    }
    chunks.push(text.slice(copiedUpTo, index), replacement);
    index += token.length;
    copiedUpTo = index;
  }
  if (chunks.length === 0) return void 0;
  chunks.push(text.slice(copiedUpTo));
  return { text: chunks.join(""), hasNan };
}
function parseJsonBody(text) {
  try {
    return JSON.parse(text);
  } catch (strictError) {
    const sentinel = chooseNanSentinel(text);
    if (sentinel === void 0) throw invalidJson(strictError);
    const rewritten = rewriteNonFiniteTokens(text, sentinel);
    if (rewritten === void 0) throw invalidJson(strictError);
    try {
      return rewritten.hasNan ? JSON.parse(rewritten.text, (_key, value) => value === sentinel ? Number.NaN : value) : JSON.parse(rewritten.text);
    } catch (lenientError) {
      throw invalidJson(lenientError);
    }
  }
}

// packages/scoring-server/src/prediction/model-error.ts
function describe(error) {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
function toModelError(error, logger) {
  if (MillraceError.isInstance(error)) return error;
  logger.error(`Model raised an error: ${error instanceof Error ? error.stack ?? error.message : describe(error)}`);
  return new MillraceError("INTERNAL_ERROR", `Model raised an error: ${describe(error)}`);
}

// packages/scoring-server/src/prediction/params-for-model.ts
function createParamsForModel(hasParamSchema, logger) {
  let warned = false;
  return function paramsForModel(params) {
    if (hasParamSchema || params === void 0 || params === null) return hasParamSchema ? params : void 0;
    if (isJsonObject(params) && Object.keys(params).length === 0) return void 0;
    if (!warned) {
      warned = true;
      const names = isJsonObject(params) ? Object.keys(params).sort().join(", ") : typeof params;
      logger.warn(
        `Ignoring the request's params (${names}): the model signature defines no params schema. (Logged once; later requests with params are handled the same way silently.)`
      );
    }
    return void 0;
  };
}

// packages/scoring-server/src/prediction/prediction-cancellation.ts
var PredictionCancellation = class {
  #controller;
  #reason;
  #cancelled = false;
  #listener;
  get signal() {
    if (this.#controller === void 0) {
      this.#controller = new AbortController();
      if (this.#cancelled) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }
  get cancelled() {
    return this.#cancelled;
  }
  cancel(reason) {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listener = this.#listener;
    this.#listener = void 0;
    listener?.(reason);
  }
  /** Registers the one waiter told about `cancel` (replacing any earlier one); undefined clears it. */
  onCancel(listener) {
    this.#listener = listener;
    if (listener !== void 0 && this.#cancelled) {
      this.#listener = void 0;
      listener(this.#reason);
    }
  }
};

// packages/scoring-server/src/response/serialize-json.ts
var MAXIMUM_SCAN_DEPTH = 64;
function isPlainObject(value) {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
function needsConversion(value, depth) {
  if (typeof value === "bigint") return true;
  if (typeof value !== "object" || value === null) return false;
  if (depth > MAXIMUM_SCAN_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (typeof item === "object" && item !== null || typeof item === "bigint") {
        if (needsConversion(item, depth + 1)) return true;
      }
    }
    return false;
  }
  if (!isPlainObject(value)) return !(value instanceof Date);
  const record = value;
  for (const key in record) {
    const item = record[key];
    if (typeof item === "object" && item !== null || typeof item === "bigint") {
      if (needsConversion(item, depth + 1)) return true;
    }
  }
  return false;
}
function bytesToBase64(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
function bigintToJson(value) {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}
function convertValue(key, value) {
  if (typeof value === "bigint") return bigintToJson(value);
  const original = this[key];
  if (typeof original !== "object" || original === null) return value;
  if (original instanceof Uint8Array) return bytesToBase64(original);
  if (original instanceof ArrayBuffer) return bytesToBase64(new Uint8Array(original));
  if (ArrayBuffer.isView(original)) {
    return original instanceof BigInt64Array || original instanceof BigUint64Array ? Array.from(original, bigintToJson) : Array.from(original);
  }
  if (original instanceof Map) return Object.fromEntries(original);
  if (original instanceof Set) return Array.from(original);
  return value;
}
function serializeJson(value) {
  try {
    const text = needsConversion(value, 0) ? JSON.stringify(value, convertValue) : JSON.stringify(value);
    return text === void 0 ? "null" : text;
  } catch (error) {
    throw new MillraceError(
      "INTERNAL_ERROR",
      `The model output could not be serialised as JSON: ${error instanceof Error ? error.message : String(error)}`
    );
  }
}

// packages/scoring-server/src/streaming/stream-prediction.ts
import { Readable } from "node:stream";

// packages/scoring-server/src/streaming/sse-events.ts
function sseDataEvent(chunk) {
  return `data: ${serializeJson(chunk)}

`;
}
var SSE_DONE_EVENT = "data: [DONE]\n\n";
function sseErrorEvent(body) {
  return `event: error
data: ${JSON.stringify(body)}

`;
}

// packages/scoring-server/src/streaming/stream-prediction.ts
async function* sseEvents(iterator, first, options) {
  let result = first;
  try {
    while (result.done !== true) {
      yield sseDataEvent(result.value);
      result = await options.deadline.wait(iterator.next(), options.cancellation);
    }
    yield SSE_DONE_EVENT;
  } catch (error) {
    if (!options.isClientGone()) yield sseErrorEvent(options.describeError(error));
  } finally {
    if (result.done !== true) {
      options.cancellation.cancel(new Error("The stream ended before the model finished."));
      Promise.resolve().then(() => iterator.return?.()).catch(() => void 0);
    }
  }
}
async function startStreamPrediction(options) {
  const iterator = options.chunks[Symbol.asyncIterator]();
  const first = await options.deadline.wait(iterator.next(), options.cancellation);
  return Readable.from(sseEvents(iterator, first, options), { objectMode: false });
}

// packages/scoring-server/src/routes/invocations-route.ts
var NOT_STREAMABLE_MESSAGE = "This model does not support predict_stream method.";
function schemaInfo(model2) {
  const inputs = model2.signature?.inputs ?? [];
  const params = model2.signature?.params ?? null;
  return {
    paramNames: params === null ? null : new Set(params.map((spec) => spec.name)),
    inputColumnNames: new Set(
      inputs.flatMap((spec) => spec.type !== "tensor" && spec.name !== void 0 ? [spec.name] : [])
    )
  };
}
function clientGone() {
  return new MillraceError("CANCELLED", "The client closed the connection before the answer.");
}
function callModel(call) {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}
function registerInvocationsRoute(app2, routes, options) {
  const { model: model2, deadline, logger, metrics } = options;
  const requestSchema = schemaInfo(model2);
  const inputSchema = model2.signature?.inputs ?? null;
  const paramsForModel = createParamsForModel(requestSchema.paramNames !== null, logger);
  const predictionFailure = (error, cancellation) => {
    if (cancellation.cancelled && MillraceError.isInstance(error)) {
      if (error.errorCode === "DEADLINE_EXCEEDED" || error.errorCode === "CANCELLED") return error;
    }
    metrics?.modelError(MillraceError.isInstance(error) ? error.errorCode : "INTERNAL_ERROR");
    return toModelError(error, logger);
  };
  const parseRequest = (request) => {
    const format = negotiateContentType(request.headers["content-type"]);
    const text = typeof request.body === "string" ? request.body : "";
    return format === "json" ? parseJsonRequest(parseJsonBody(text), requestSchema) : parseCsvRequest(text, inputSchema);
  };
  const watchClient = (reply, cancellation) => {
    let gone = false;
    reply.raw.once("close", () => {
      if (reply.raw.writableFinished) return;
      gone = true;
      cancellation.cancel(clientGone());
    });
    return () => gone;
  };
  const answerStream = async (reply, parsed, params, cancellation, isClientGone) => {
    const predictStream = model2.predictStream?.bind(model2);
    if (predictStream === void 0) throw MillraceError.badRequest(NOT_STREAMABLE_MESSAGE);
    let events;
    try {
      events = await startStreamPrediction({
        chunks: {
          [Symbol.asyncIterator]: () => predictStream(parsed.input, params, cancellation)[Symbol.asyncIterator]()
        },
        deadline,
        cancellation,
        describeError: (error) => predictionFailure(error, cancellation).toJSON(),
        isClientGone
      });
    } catch (error) {
      throw predictionFailure(error, cancellation);
    }
    return reply.header("content-type", "text/event-stream").header("cache-control", "no-cache").header("x-accel-buffering", "no").send(events);
  };
  routes.add("/invocations", "POST");
  app2.post("/invocations", async (request, reply) => {
    deadline.assertCapacity();
    const parsed = parseRequest(request);
    const params = paramsForModel(parsed.params);
    const cancellation = new PredictionCancellation();
    const isClientGone = watchClient(reply, cancellation);
    if (parsed.stream || acceptsEventStream(request.headers.accept)) {
      return answerStream(reply, parsed, params, cancellation, isClientGone);
    }
    let output;
    try {
      output = await deadline.wait(
        callModel(() => model2.predict(parsed.input, params, cancellation)),
        cancellation
      );
    } catch (error) {
      throw predictionFailure(error, cancellation);
    }
    const json = serializeJson(output);
    return reply.header("content-type", "application/json").send(parsed.wrapped ? `{"predictions": ${json}}` : json);
  });
}

// packages/scoring-server/src/routes/metadata-route.ts
var METADATA_PATH = "/metadata";
function stringOrNull(value) {
  return typeof value === "string" ? value : null;
}
function describeServedModel(model2) {
  const signature = model2.signature;
  return {
    flavor: model2.flavor,
    task: stringOrNull(model2.metadata?.task),
    signature: signature === null ? null : { inputs: signature.inputs, outputs: signature.outputs, params: signature.params },
    metadata: model2.metadata,
    model_uuid: stringOrNull(model2.mlmodel.model_uuid),
    run_id: stringOrNull(model2.mlmodel.run_id),
    streamable: typeof model2.predictStream === "function"
  };
}
function registerMetadataRoute(app2, routes, model2) {
  const body = serializeJson(describeServedModel(model2));
  routes.add(METADATA_PATH, "GET");
  app2.get(METADATA_PATH, (_request, reply) => reply.header("content-type", "application/json").send(body));
}

// packages/scoring-server/src/routes/metrics-route.ts
function registerMetricsRoute(app2, routes, metrics) {
  routes.add("/metrics", "GET");
  app2.get("/metrics", async (_request, reply) => {
    const { contentType, text } = await metrics.render();
    return reply.header("content-type", contentType).send(text);
  });
}

// packages/scoring-server/src/routes/route-table.ts
var RouteTable = class {
  #methodsByPath = /* @__PURE__ */ new Map();
  add(path, method) {
    const methods = this.#methodsByPath.get(path) ?? [];
    methods.push(...method === "GET" ? ["GET", "HEAD"] : [method]);
    this.#methodsByPath.set(path, methods);
  }
  /** The allowed methods for a request URL (query string and trailing slash ignored), if the path exists. */
  allowedMethods(url) {
    const queryStart = url.indexOf("?");
    let path = queryStart === -1 ? url : url.slice(0, queryStart);
    if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
    return this.#methodsByPath.get(path);
  }
};

// packages/scoring-server/src/routes/version-route.ts
function registerVersionRoute(app2, routes, version) {
  const body = JSON.stringify(version);
  routes.add("/version", "GET");
  app2.get("/version", (_request, reply) => reply.header("content-type", "application/json").send(body));
}

// packages/scoring-server/src/scoring-logger.ts
var consoleScoringLogger = {
  warn: (message) => console.warn(`[millrace scoring-server] ${message}`),
  error: (message) => console.error(`[millrace scoring-server] ${message}`)
};

// packages/scoring-server/src/create-scoring-app.ts
var DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;
var DEFAULT_TIMEOUT_SECONDS = 60;
var DEFAULT_MAX_ABANDONED_PREDICTIONS = 32;
function positiveNumber(value, name) {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}.`);
  return value;
}
function recordRequestMetrics(app2, metrics) {
  app2.addHook("onRequest", (request, reply, done) => {
    const started = performance.now();
    metrics.requestStarted();
    reply.raw.once("close", () => {
      const status = reply.raw.writableFinished ? reply.raw.statusCode : 499;
      metrics.requestFinished(request.routeOptions.url ?? UNMATCHED_ROUTE, status, (performance.now() - started) / 1e3);
    });
    done();
  });
}
function createScoringApp(options) {
  const timeoutSeconds = positiveNumber(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, "timeoutSeconds");
  const maxBodyBytes = Math.floor(positiveNumber(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "maxBodyBytes"));
  const maxAbandonedPredictions = options.maxAbandonedPredictions ?? DEFAULT_MAX_ABANDONED_PREDICTIONS;
  const logger = options.logger ?? consoleScoringLogger;
  const metrics = options.metrics === false ? void 0 : createScoringMetrics(options.metrics);
  const app2 = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    routerOptions: { ignoreTrailingSlash: true }
  });
  app2.removeAllContentTypeParsers();
  app2.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
  const toErrorResponse = createErrorResponder({ maxBodyBytes, logger });
  app2.setErrorHandler(
    (error, request, reply) => sendError(reply, toErrorResponse(error, request.headers["content-type"]))
  );
  if (metrics !== void 0) recordRequestMetrics(app2, metrics);
  const deadline = createPredictionDeadline({
    timeoutSeconds,
    maxAbandonedPredictions,
    onTimeout: () => metrics?.timeout(),
    onAbandonedCountChange: (count) => metrics?.abandonedPredictions(count)
  });
  const routes = new RouteTable();
  registerHealthRoutes(app2, routes);
  registerVersionRoute(app2, routes, options.version);
  registerMetadataRoute(app2, routes, options.model);
  if (metrics !== void 0) registerMetricsRoute(app2, routes, metrics);
  registerInvocationsRoute(app2, routes, { model: options.model, deadline, logger, metrics });
  registerFallbackRoutes(app2, routes);
  return app2;
}

// packages/scoring-server/.bench-tmp/server.ts
var model = {
  path: "/tmp",
  mlmodel: {},
  signature: null,
  metadata: null,
  flavor: "custom_model",
  async predict(input, _params, options) {
    void options.signal;
    return input;
  }
};
var app = createScoringApp({ model, version: "bench", logger: { warn() {
}, error() {
} } });
var address = await app.listen({ host: "127.0.0.1", port: 5077 });
console.log(address);
process.on('SIGINT', () => process.exit(0));
