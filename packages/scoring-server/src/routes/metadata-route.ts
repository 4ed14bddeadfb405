import type { LoadedModel } from '@millrace/models';
import type { FastifyInstance } from 'fastify';
import { serializeJson } from '../response/serialize-json.js';
import type { RouteTable } from './route-table.js';

/** The path of the served model's description (a Millrace addition; MLflow has no such route). */
export const METADATA_PATH = '/metadata';

/** What `GET /metadata` answers; the gateway reads it to check that an endpoint fits the model. */
export interface ServedModelMetadata {
  flavor: string;
  /** `metadata.task` (e.g. `llm/v1/chat`), or null. */
  task: string | null;
  /** The signature in MLflow's JSON form, with inputs/outputs/params as parsed lists. */
  signature: { inputs: unknown; outputs: unknown; params: unknown } | null;
  metadata: Record<string, unknown> | null;
  model_uuid: string | null;
  run_id: string | null;
  /** True when the model can answer `"stream": true` requests. */
  streamable: boolean;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function describeServedModel(model: LoadedModel): ServedModelMetadata {
  const signature = model.signature;
  return {
    flavor: model.flavor,
    task: stringOrNull(model.metadata?.task),
    signature:
      signature === null
        ? null
        : { inputs: signature.inputs, outputs: signature.outputs, params: signature.params },
    metadata: model.metadata,
    model_uuid: stringOrNull(model.mlmodel.model_uuid),
    run_id: stringOrNull(model.mlmodel.run_id),
    streamable: typeof model.predictStream === 'function',
  };
}

/** `GET /metadata`: the served model's flavor, task, signature, metadata, ids and streamability. */
export function registerMetadataRoute(app: FastifyInstance, routes: RouteTable, model: LoadedModel): void {
  const body = serializeJson(describeServedModel(model));
  routes.add(METADATA_PATH, 'GET');
  app.get(METADATA_PATH, (_request, reply) => reply.header('content-type', 'application/json').send(body));
}
