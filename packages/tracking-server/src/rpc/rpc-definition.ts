import { MillraceError } from '@millrace/core';
import type { LoggedModelStore, ModelRegistryStore, TraceStore, TrackingStore } from '@millrace/store';
import type { z } from 'zod';
import type { WireValue } from '../http/wire-json.js';
import { messageField } from './fields.js';
import { requestIssueMessage } from './request-issue-message.js';

export type RpcMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What RPC handlers work with. Later stores (artifacts) are added here. */
export interface RpcContext {
  trackingStore: TrackingStore;
  /** The model registry; its RPCs are only served when it is given. */
  modelRegistryStore?: ModelRegistryStore;
  /** MLflow 3 logged models; their RPCs are only served when it is given. */
  loggedModelStore?: LoggedModelStore;
  /** MLflow 3 traces; their RPCs are only served when it is given. */
  traceStore?: TraceStore;
}

export interface RpcSpec<Shape extends z.ZodRawShape> {
  /** The proto RPC name (createExperiment), for logs and tests. */
  name: string;
  method: RpcMethod;
  /**
   * The path after `/api/<major>.0`, e.g. `/mlflow/experiments/create`. `{field}` segments are path
   * parameters (`/mlflow/logged-models/{model_id}`): they set that request field, over the body's.
   */
  path: string;
  /** The API major version the RPC is declared under (2 → `/api/2.0`, 3 → `/api/3.0`). */
  majorVersion: 2 | 3;
  /** Served under `/ajax-api` only (UI-only routes). */
  ajaxOnly?: boolean;
  /** The request message's fields, checked in this order. */
  request: Shape;
  /** Repeated fields: in a query string they collect every value of their key. */
  repeatedFields?: readonly string[];
  /** The legacy `run_uuid` field stands in for an absent `run_id`. */
  runIdAlias?: boolean;
  handle(request: z.output<z.ZodObject<Shape>>, context: RpcContext): Promise<WireValue>;
}

/** An RPC ready to register: decoding and validation bound to its handler. */
export interface Rpc {
  readonly name: string;
  readonly method: RpcMethod;
  readonly path: string;
  readonly majorVersion: 2 | 3;
  readonly ajaxOnly: boolean;
  readonly repeatedFields: ReadonlySet<string>;
  /** Validates the decoded request fields (unknown fields ignored) and runs the handler. */
  run(fields: Record<string, unknown>, context: RpcContext): Promise<WireValue>;
}

/** Declares an RPC; its request is checked with a zod schema built from `request`. */
export function defineRpc<Shape extends z.ZodRawShape>(spec: RpcSpec<Shape>): Rpc {
  const schema = messageField(spec.request);
  return {
    name: spec.name,
    method: spec.method,
    path: spec.path,
    majorVersion: spec.majorVersion,
    ajaxOnly: spec.ajaxOnly === true,
    repeatedFields: new Set(spec.repeatedFields ?? []),
    async run(fields, context) {
      const input =
        spec.runIdAlias === true && (fields.run_id === undefined || fields.run_id === null)
          ? { ...fields, run_id: fields.run_uuid }
          : fields;
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const [issue] = parsed.error.issues;
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          issue === undefined ? 'Invalid request.' : requestIssueMessage(issue),
        );
      }
      return spec.handle(parsed.data, context);
    },
  };
}
