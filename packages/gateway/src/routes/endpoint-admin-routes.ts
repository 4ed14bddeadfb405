import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Document } from 'yaml';
import type { ConfigProblem } from '../config/config-problem.js';
import { describeProblem, formatConfigPath } from '../config/config-problem.js';
import type { ConfigFileEditor } from '../config/config-file-editor.js';
import {
  addEndpoint,
  findEndpoint,
  patchEndpoint,
  removeEndpoint,
  replaceEndpoint,
} from '../config/endpoint-document-edits.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { GatewayConfigError } from '../config/gateway-config-error.js';
import type { SerialQueue } from '../config/serial-queue.js';
import type { AdminAuthorization } from '../http/admin-authorization.js';
import { GatewayHttpError } from '../http/gateway-http-error.js';
import { sendJson } from '../http/send-json.js';
import type { GatewayContext } from './gateway-context.js';
import { sendErrorReply } from './invoke-target.js';

/** What the endpoints API needs from the app. */
export interface EndpointAdminServices {
  authorization: AdminAuthorization;
  /** Undefined when the app has no config file (then `adminToken` is refused at creation). */
  editor: ConfigFileEditor | undefined;
  /** Serialises the API's edits with the file watcher's reloads. */
  queue: SerialQueue;
  /** Swaps in the new config (as a hot reload does) and tells the watcher the file's new text. */
  apply(config: GatewayConfig, text: string): Promise<void>;
}

interface NameParams {
  name: string;
}

/** One change the API makes. */
interface EndpointChange {
  status: number;
  /** Reads and checks the request body; returns the endpoint's name. */
  prepare(): string;
  /** Changes the YAML document; returns the index of the edited entry (undefined for a removal). */
  edit(document: Document.Parsed): number | undefined;
  /** The answer, from the new config. */
  describe(name: string): unknown;
}

/** The keys of an endpoint entry the API writes to the file. */
const ENTRY_KEYS = new Set(['name', 'endpoint_type', 'model', 'limit', 'timeout_seconds']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 400 listing problems, each with its path in the request body (`model.config.anthropic_api_key`). */
function problemsError(problems: readonly ConfigProblem[], status: 400 | 409 = 400): GatewayHttpError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const message = `Invalid endpoint (${count}):\n${problems.map((problem) => `  - ${describeProblem(problem)}`).join('\n')}`;
  const code = status === 400 ? 'INVALID_PARAMETER_VALUE' : 'RESOURCE_CONFLICT';
  return new GatewayHttpError(status, code, { error_code: code, message, problems });
}

function parseBody(text: unknown): Record<string, unknown> {
  let body: unknown;
  try {
    body = typeof text === 'string' && text !== '' ? JSON.parse(text) : undefined;
  } catch {
    throw GatewayHttpError.badRequest('The request body is not valid JSON.');
  }
  if (!isPlainObject(body)) {
    throw GatewayHttpError.badRequest(
      'The request body must be a JSON object: an endpoint as in the config file ({name, endpoint_type, model: {provider, name, config}, limit, timeout_seconds}).',
    );
  }
  return body;
}

/** Refuses keys that are not endpoint fields (a typo would otherwise be written to the file and ignored). */
function checkKeys(body: Record<string, unknown>): void {
  const problems = Object.keys(body)
    .filter((key) => !ENTRY_KEYS.has(key))
    .map((key) => ({
      path: formatConfigPath([key]),
      message:
        key === 'route_type' ? 'is no longer supported: use endpoint_type' : 'is not an endpoint field',
    }));
  if (problems.length > 0) throw problemsError(problems);
}

function checkName(body: Record<string, unknown>): string {
  if (typeof body.name !== 'string' || body.name === '') {
    throw problemsError([
      { path: 'name', message: body.name === undefined ? 'is required' : 'must be a non-empty string' },
    ]);
  }
  return body.name;
}

function checkSameName(body: Record<string, unknown>, name: string): void {
  if (body.name !== undefined && body.name !== name) {
    throw GatewayHttpError.badRequest(
      `An endpoint cannot be renamed ('${name}' in the URL, a different name in the body): create the new one, then delete the old one.`,
    );
  }
}

function endpointNotFound(name: string): GatewayHttpError {
  return GatewayHttpError.notFound(
    `The endpoint '${name}' is not present or active on the server. Please verify the endpoint name.`,
  );
}

/**
 * A config problem of the edited entry with its path relative to the request body; problems
 * elsewhere in the file keep their full path. Only problems of the entry → 400; otherwise the file
 * has problems this request did not cause (a route the change breaks is the change's, though).
 */
function translateConfigError(error: GatewayConfigError, index: number): GatewayHttpError {
  const prefix = `endpoints[${index}]`;
  let elsewhere = 0;
  const problems = error.problems.map((problem) => {
    if (problem.path === prefix) return { path: '', message: problem.message };
    if (problem.path.startsWith(`${prefix}.`))
      return { path: problem.path.slice(prefix.length + 1), message: problem.message };
    if (!problem.path.startsWith('routes[')) elsewhere += 1;
    return problem;
  });
  return problemsError(problems, elsewhere === problems.length ? 409 : 400);
}

/**
 * The runtime endpoints API (what MLflow 2.x's `create_route` called): create, replace, patch and
 * delete endpoints, guarded by the admin token. Each change is made to the YAML config file
 * (comments kept, written atomically), validated like a loaded file, and applied like a hot reload
 * (requests already running finish on the old config). Responses are endpoint descriptors: never
 * secrets.
 *
 * - `POST /api/2.0/endpoints/` — create (201); `POST /api/2.0/gateway/routes/` is MLflow 2.x's
 *   `create_route` (accepts `route_type`, answers the legacy route descriptor)
 * - `PUT /api/2.0/endpoints/{name}` — replace; `PATCH` — JSON merge patch (`null` removes a key)
 * - `DELETE /api/2.0/endpoints/{name}` (and `/api/2.0/gateway/routes/{name}`) — 409 while a traffic
 *   route sends requests to it
 */
export function registerEndpointAdminRoutes(
  app: FastifyInstance,
  context: GatewayContext,
  services: EndpointAdminServices,
): void {
  /**
   * Runs one change: auth first, then `prepare` (reads and checks the body, returns the endpoint's
   * name), then `edit` on the file (returns the edited entry's index, for problem paths), the
   * reload, and the answer `describe` gives for the new config.
   */
  const handle = async (
    request: FastifyRequest,
    reply: FastifyReply,
    change: EndpointChange,
  ): Promise<void> => {
    const started = performance.now();
    let index: number | undefined;
    try {
      services.authorization.check(request.headers.authorization);
      const editor = services.editor;
      if (editor === undefined)
        throw GatewayHttpError.notImplemented('The gateway has no config file to edit.');
      const endpointName = change.prepare();
      await services.queue.run(async () => {
        let applied;
        try {
          applied = await editor.edit((document) => {
            index = change.edit(document);
          });
        } catch (error) {
          if (GatewayConfigError.isGatewayConfigError(error)) throw translateConfigError(error, index ?? -1);
          throw error;
        }
        await services.apply(applied.config, applied.text);
      });
      context.logger.info(
        `endpoint '${endpointName}' changed through the endpoints API; ${editor.path} rewritten`,
      );
      sendJson(reply, change.status, change.describe(endpointName), started);
    } catch (error) {
      sendErrorReply(reply, error, 'mlflow', performance.now() - started, context);
    }
  };

  const describeEndpoint = (name: string): unknown => {
    const runtime = context.current();
    const position = runtime.config.endpoints.findIndex((endpoint) => endpoint.name === name);
    return runtime.endpointDescriptors[position];
  };
  const describeLegacyRoute = (name: string): unknown => {
    const runtime = context.current();
    const position = runtime.config.endpoints.findIndex((endpoint) => endpoint.name === name);
    return runtime.legacyRouteDescriptors[position];
  };

  const create = (legacy: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    let body: Record<string, unknown> = {};
    await handle(request, reply, {
      status: 201,
      prepare() {
        body = parseBody(request.body);
        if (legacy && body.route_type !== undefined && body.endpoint_type === undefined) {
          const { route_type: routeType, ...rest } = body;
          body = { ...rest, endpoint_type: routeType };
        }
        checkKeys(body);
        return checkName(body);
      },
      edit: (document) => addEndpoint(document, body),
      describe: legacy ? describeLegacyRoute : describeEndpoint,
    });
  };

  const remove = async (request: FastifyRequest<{ Params: NameParams }>, reply: FastifyReply) => {
    const { name } = request.params;
    await handle(request, reply, {
      status: 200,
      prepare: () => name,
      edit(document) {
        const position = findEndpoint(document, name);
        if (position === -1) throw endpointNotFound(name);
        removeEndpoint(document, position, name);
        return undefined;
      },
      describe: () => ({}),
    });
  };

  app.post('/api/2.0/endpoints/', create(false));
  app.post('/api/2.0/gateway/routes/', create(true));

  app.put<{ Params: NameParams }>('/api/2.0/endpoints/:name', async (request, reply) => {
    const { name } = request.params;
    let body: Record<string, unknown> = {};
    await handle(request, reply, {
      status: 200,
      prepare() {
        body = parseBody(request.body);
        checkKeys(body);
        checkSameName(body, name);
        body = { name, ...body };
        return name;
      },
      edit(document) {
        const position = findEndpoint(document, name);
        if (position === -1) throw endpointNotFound(name);
        replaceEndpoint(document, position, body);
        return position;
      },
      describe: describeEndpoint,
    });
  });

  app.patch<{ Params: NameParams }>('/api/2.0/endpoints/:name', async (request, reply) => {
    const { name } = request.params;
    let patch: Record<string, unknown> = {};
    await handle(request, reply, {
      status: 200,
      prepare() {
        patch = parseBody(request.body);
        checkKeys(patch);
        checkSameName(patch, name);
        return name;
      },
      edit(document) {
        const position = findEndpoint(document, name);
        if (position === -1) throw endpointNotFound(name);
        patchEndpoint(document, position, patch);
        return position;
      },
      describe: describeEndpoint,
    });
  });

  app.delete('/api/2.0/endpoints/:name', remove);
  app.delete('/api/2.0/gateway/routes/:name', remove);
}
