import { MillraceError } from '@millrace/core';
import { TRACE_STATES, type TraceState } from '@millrace/store';
import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import {
  booleanField,
  enumField,
  int64Field,
  integerField,
  listField,
  messageField,
  stringField,
  stringListField,
} from '../rpc/fields.js';
import { durationField, optionalMessageField, stringMapField, timestampField } from '../rpc/trace-fields.js';
import { traceInfoToV2Wire, traceInfoToWire } from '../wire/trace-wire.js';
import { traceStoreOf } from './optional-stores.js';

const TRACE_STATE_NUMBERS: Readonly<Record<number, TraceState>> = Object.fromEntries(
  TRACE_STATES.map((state, index) => [index, state]),
);
const TRACE_LOCATION_TYPE_NUMBERS: Readonly<Record<number, string>> = {
  0: 'TRACE_LOCATION_TYPE_UNSPECIFIED',
  1: 'MLFLOW_EXPERIMENT',
  2: 'INFERENCE_TABLE',
};

const traceLocationField = () =>
  messageField({
    type: enumField(TRACE_LOCATION_TYPE_NUMBERS),
    mlflow_experiment: optionalMessageField({
      experiment_id: stringField({ required: true, acceptIntegers: true }),
    }),
  });

/** The experiment of a trace location: this server keeps traces in MLflow experiments only. */
function experimentOf(
  location: { type?: string | undefined; mlflow_experiment?: { experiment_id: string } | undefined },
  field: string,
): string {
  if (
    location.mlflow_experiment === undefined ||
    (location.type ?? 'MLFLOW_EXPERIMENT') !== 'MLFLOW_EXPERIMENT'
  ) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid value for parameter '${field}': this server keeps traces in MLflow experiments only (type MLFLOW_EXPERIMENT with mlflow_experiment.experiment_id).`,
    );
  }
  return location.mlflow_experiment.experiment_id;
}

function missing(field: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`,
  );
}

const deleteTracesRequest = {
  experiment_id: stringField({ required: true, acceptIntegers: true }),
  max_timestamp_millis: int64Field(),
  max_traces: integerField(),
  request_ids: stringListField(),
};

function deleteTracesRpc(majorVersion: 2 | 3): Rpc {
  return defineRpc({
    name: majorVersion === 3 ? 'deleteTracesV3' : 'deleteTraces',
    method: 'POST',
    path: '/mlflow/traces/delete-traces',
    majorVersion,
    request: deleteTracesRequest,
    async handle(request, context) {
      const deleted = await traceStoreOf(context).deleteTraces({
        experimentId: request.experiment_id,
        maxTimestampMillis:
          request.max_timestamp_millis === undefined ? undefined : Number(request.max_timestamp_millis),
        maxTraces: request.max_traces,
        traceIds: request.request_ids.length === 0 ? undefined : request.request_ids,
      });
      return { traces_deleted: deleted };
    },
  });
}

/** Trace tag RPCs: V3 paths name the trace `trace_id`, V2 paths `request_id` (same trace ids). */
function traceTagRpcs(majorVersion: 2 | 3): Rpc[] {
  const idField = majorVersion === 3 ? 'trace_id' : 'request_id';
  const suffix = majorVersion === 3 ? 'V3' : '';
  return [
    defineRpc({
      name: `setTraceTag${suffix}`,
      method: 'PATCH',
      path: `/mlflow/traces/{${idField}}/tags`,
      majorVersion,
      request: {
        [idField]: stringField({ required: true }),
        key: stringField({ required: true }),
        value: stringField(),
      },
      async handle(request, context) {
        const fields = request as Record<string, string | undefined>;
        await traceStoreOf(context).setTraceTag(fields[idField] ?? '', fields.key ?? '', fields.value ?? '');
        return {};
      },
    }),
    defineRpc({
      name: `deleteTraceTag${suffix}`,
      method: 'DELETE',
      path: `/mlflow/traces/{${idField}}/tags`,
      majorVersion,
      request: { [idField]: stringField({ required: true }), key: stringField({ required: true }) },
      async handle(request, context) {
        const fields = request as Record<string, string | undefined>;
        await traceStoreOf(context).deleteTraceTag(fields[idField] ?? '', fields.key ?? '');
        return {};
      },
    }),
  ];
}

/**
 * MLflow 3 trace RPCs (tracking spec §3.7.1) that the Python and TypeScript SDKs call, plus the
 * V2 twins the Python client still uses for tags and deletion. Span data is not kept in the
 * database: clients upload `traces.json` to the trace's `mlflow.artifactLocation` through the
 * artifact proxy, so `traces/get` and `traces/batchGet` return trace infos without spans.
 */
export const traceRpcs: readonly Rpc[] = [
  defineRpc({
    // "StartTraceV3": the SDKs call it once, at trace end, with the final state and duration.
    name: 'startTraceV3',
    method: 'POST',
    path: '/mlflow/traces',
    majorVersion: 3,
    request: {
      trace: messageField({
        trace_info: messageField({
          trace_id: stringField({ required: true }),
          client_request_id: stringField(),
          trace_location: traceLocationField(),
          request_preview: stringField(),
          response_preview: stringField(),
          request_time: timestampField(),
          execution_duration: durationField(),
          state: enumField(TRACE_STATE_NUMBERS),
          trace_metadata: stringMapField(),
          tags: stringMapField(),
        }),
      }),
    },
    async handle(request, context) {
      const info = request.trace.trace_info;
      if (info.request_time === undefined) throw missing('trace.trace_info.request_time');
      const started = await traceStoreOf(context).startTrace({
        traceId: info.trace_id,
        experimentId: experimentOf(info.trace_location, 'trace.trace_info.trace_location'),
        clientRequestId: info.client_request_id,
        requestPreview: info.request_preview,
        responsePreview: info.response_preview,
        requestTimeMs: info.request_time,
        executionDurationMs: info.execution_duration,
        state: info.state,
        traceMetadata: info.trace_metadata,
        tags: info.tags,
      });
      return { trace: { trace_info: traceInfoToWire(started) } };
    },
  }),
  defineRpc({
    name: 'getTraceInfoV3',
    method: 'GET',
    path: '/mlflow/traces/{trace_id}',
    majorVersion: 3,
    request: { trace_id: stringField({ required: true }) },
    async handle(request, context) {
      const info = await traceStoreOf(context).getTraceInfo(request.trace_id);
      return { trace: { trace_info: traceInfoToWire(info) } };
    },
  }),
  defineRpc({
    // The V2 twin (Python clients fall back to it when V3 get-info is not served).
    name: 'getTraceInfo',
    method: 'GET',
    path: '/mlflow/traces/{request_id}/info',
    majorVersion: 2,
    request: { request_id: stringField({ required: true }) },
    async handle(request, context) {
      const info = await traceStoreOf(context).getTraceInfo(request.request_id);
      return { trace_info: traceInfoToV2Wire(info) };
    },
  }),
  defineRpc({
    // Spans are only served from the database, which holds none: as MLflow for a trace whose
    // spans are not in its database, `allow_partial` gets the info alone, otherwise 404.
    name: 'getTrace',
    method: 'GET',
    path: '/mlflow/traces/get',
    majorVersion: 3,
    request: { trace_id: stringField({ required: true }), allow_partial: booleanField() },
    async handle(request, context) {
      const info = await traceStoreOf(context).getTraceInfo(request.trace_id);
      if (request.allow_partial !== true) {
        throw new MillraceError(
          'RESOURCE_DOES_NOT_EXIST',
          `Trace with ID ${request.trace_id} is not fully exported yet, please try again later.`,
        );
      }
      return { trace: { trace_info: traceInfoToWire(info) } };
    },
  }),
  defineRpc({
    name: 'batchGetTraces',
    method: 'GET',
    path: '/mlflow/traces/batchGet',
    majorVersion: 3,
    repeatedFields: ['trace_ids'],
    request: { trace_ids: stringListField() },
    async handle(request, context) {
      if (request.trace_ids.length === 0) throw missing('trace_ids');
      const infos = await traceStoreOf(context).batchGetTraceInfos(request.trace_ids);
      return {
        traces: infos.length === 0 ? undefined : infos.map((info) => ({ trace_info: traceInfoToWire(info) })),
      };
    },
  }),
  defineRpc({
    name: 'batchGetTraceInfos',
    method: 'POST',
    path: '/mlflow/traces/batchGetInfos',
    majorVersion: 3,
    request: { trace_ids: stringListField() },
    async handle(request, context) {
      if (request.trace_ids.length === 0) throw missing('trace_ids');
      const infos = await traceStoreOf(context).batchGetTraceInfos(request.trace_ids);
      return { trace_infos: infos.length === 0 ? undefined : infos.map(traceInfoToWire) };
    },
  }),
  defineRpc({
    name: 'searchTracesV3',
    method: 'POST',
    path: '/mlflow/traces/search',
    majorVersion: 3,
    request: {
      locations: listField(traceLocationField()),
      // Older clients name the experiments directly.
      experiment_ids: stringListField(),
      filter: stringField(),
      max_results: integerField(),
      order_by: stringListField(),
      page_token: stringField(),
    },
    async handle(request, context) {
      const experimentIds = [
        ...request.locations.map((location, index) => experimentOf(location, `locations[${index}]`)),
        ...request.experiment_ids,
      ];
      if (experimentIds.length === 0) throw missing('locations');
      const page = await traceStoreOf(context).searchTraces({
        experimentIds,
        filter: request.filter,
        maxResults: request.max_results,
        orderBy: request.order_by,
        pageToken: request.page_token,
      });
      return {
        traces: page.items.length === 0 ? undefined : page.items.map(traceInfoToWire),
        next_page_token: page.nextPageToken,
      };
    },
  }),
  deleteTracesRpc(3),
  deleteTracesRpc(2),
  ...traceTagRpcs(3),
  ...traceTagRpcs(2),
];
