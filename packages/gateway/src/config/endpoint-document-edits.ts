import { type Document, type YAMLMap, type YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import { GatewayHttpError } from '../http/gateway-http-error.js';

function conflict(message: string): GatewayHttpError {
  return new GatewayHttpError(409, 'RESOURCE_CONFLICT', message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(item: unknown): unknown {
  if (!isMap(item)) return undefined;
  const name = item.get('name', true);
  return isScalar(name) ? name.value : undefined;
}

/** The document's `endpoints` sequence (a file without one cannot be edited). */
function endpointsOf(document: Document): YAMLSeq {
  const endpoints = document.get('endpoints', true);
  if (!isSeq(endpoints)) throw conflict('The config file has no `endpoints` list to edit.');
  return endpoints;
}

/** The position of an endpoint in the file, or -1. */
export function findEndpoint(document: Document, name: string): number {
  return endpointsOf(document).items.findIndex((item) => nameOf(item) === name);
}

/** Names of the file's traffic routes that send requests to an endpoint. */
export function routesUsing(document: Document, endpointName: string): string[] {
  const routes = document.get('routes', true);
  if (!isSeq(routes)) return [];
  return routes.items.flatMap((route) => {
    if (!isMap(route)) return [];
    const destinations = route.get('destinations', true);
    const uses =
      isSeq(destinations) && destinations.items.some((destination) => nameOf(destination) === endpointName);
    const name = nameOf(route);
    return uses && typeof name === 'string' ? [name] : [];
  });
}

/** Whether an endpoint or a traffic route already has this name. */
function nameTaken(document: Document, name: string): boolean {
  if (findEndpoint(document, name) !== -1) return true;
  const routes = document.get('routes', true);
  return isSeq(routes) && routes.items.some((route) => nameOf(route) === name);
}

/** Appends an endpoint entry (block style); returns its index. */
export function addEndpoint(document: Document, entry: Record<string, unknown>): number {
  const name = String(entry.name);
  if (nameTaken(document, name)) {
    throw new GatewayHttpError(
      409,
      'RESOURCE_ALREADY_EXISTS',
      `An endpoint or traffic route named '${name}' already exists.`,
    );
  }
  const endpoints = endpointsOf(document);
  endpoints.flow = false;
  endpoints.add(document.createNode(entry));
  return endpoints.items.length - 1;
}

/** Replaces an endpoint entry (comments before it are kept). */
export function replaceEndpoint(document: Document, index: number, entry: Record<string, unknown>): void {
  const endpoints = endpointsOf(document);
  const previous = endpoints.items[index];
  const node = document.createNode(entry);
  if (isMap(previous) && previous.commentBefore !== undefined) node.commentBefore = previous.commentBefore;
  endpoints.set(index, node);
}

/**
 * Applies a JSON merge patch (RFC 7386) to an endpoint entry, node by node: objects merge, `null`
 * removes a key, anything else replaces it. Untouched keys keep their comments and formatting.
 */
export function patchEndpoint(document: Document, index: number, patch: Record<string, unknown>): void {
  const entry = endpointsOf(document).items[index];
  if (!isMap(entry)) throw conflict('The endpoint entry in the config file is not a mapping.');
  const merge = (target: YAMLMap, changes: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) {
        target.delete(key);
        continue;
      }
      const current = target.get(key, true);
      if (isPlainObject(value) && isMap(current)) merge(current, value);
      else target.set(key, document.createNode(value));
    }
  };
  merge(entry, patch);
}

/** Removes an endpoint entry, unless a traffic route still sends requests to it (409). */
export function removeEndpoint(document: Document, index: number, name: string): void {
  const routes = routesUsing(document, name);
  if (routes.length > 0) {
    throw conflict(
      `The endpoint '${name}' is a destination of the traffic route${routes.length === 1 ? '' : 's'} ${routes.map((route) => `'${route}'`).join(', ')}; change ${routes.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  endpointsOf(document).delete(index);
}
