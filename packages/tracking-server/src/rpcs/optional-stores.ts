import { MillraceError } from '@millrace/core';
import type { LoggedModelStore, ModelRegistryStore, TraceStore } from '@millrace/store';
import type { RpcContext } from '../rpc/rpc-definition.js';

function notServed(what: string): MillraceError {
  return new MillraceError('ENDPOINT_NOT_FOUND', `This server has no ${what}.`);
}

/**
 * The model registry of the context. Registry RPCs are only registered when the app has one, so
 * its absence here is a wiring mistake; it reads as "not implemented" to clients.
 */
export function registryStoreOf(context: RpcContext): ModelRegistryStore {
  if (context.modelRegistryStore === undefined) throw notServed('model registry');
  return context.modelRegistryStore;
}

/** The logged-model store of the context (see registryStoreOf). */
export function loggedModelStoreOf(context: RpcContext): LoggedModelStore {
  if (context.loggedModelStore === undefined) throw notServed('logged models');
  return context.loggedModelStore;
}

/** The trace store of the context (see registryStoreOf). */
export function traceStoreOf(context: RpcContext): TraceStore {
  if (context.traceStore === undefined) throw notServed('traces');
  return context.traceStore;
}
