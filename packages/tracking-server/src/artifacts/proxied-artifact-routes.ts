import { artifactBaseName, invalidArtifactPath, normalizeArtifactPath } from '@millrace/store';
import type { FastifyInstance } from 'fastify';
import { serializeWireJson } from '../http/wire-json.js';
import { stringField } from '../rpc/fields.js';
import { sendArtifactFile } from './artifact-download.js';
import { guessArtifactMimeType } from './artifact-mime-type.js';
import { ARTIFACT_API_PREFIXES, type ArtifactRouteOptions } from './artifact-route-options.js';
import { sendArtifactsDisabled } from './artifacts-disabled.js';
import { queryFields } from './request-fields.js';
import {
  declaredContentLength,
  registerStreamingRoutes,
  requestBodyStream,
  uploadFailure,
} from './streaming-request-body.js';
import { registerWildcardMethodFallback } from './wildcard-method-fallback.js';

const EMPTY_JSON = Buffer.from('{}', 'utf8');

/** A file path from a URL (`*`, decoded once by the router): normalised; the root is not a file. */
export function artifactFilePath(rawPath: unknown): string {
  const normalized = normalizeArtifactPath(typeof rawPath === 'string' ? rawPath : '');
  // The root is not a file: nothing to download, upload or delete there.
  if (normalized === '') throw invalidArtifactPath();
  return normalized;
}

/**
 * The proxied artifact service (tracking spec §3.5.2), paths relative to the artifacts destination:
 * GET `/api/2.0/mlflow-artifacts/artifacts/<path>` streams a file, PUT stores the raw body (any
 * Content-Type, streamed), DELETE removes a file or directory, GET `…/artifacts?path=<dir>` lists
 * a directory (basenames). Also under `/ajax-api`. With serving off, 503 text.
 */
export function registerProxiedArtifactRoutes(app: FastifyInstance, options: ArtifactRouteOptions): void {
  const { locator } = options;
  for (const prefix of ARTIFACT_API_PREFIXES) {
    const base = `${options.staticPrefix}${prefix}/2.0/mlflow-artifacts/artifacts`;
    const files = `${base}/*`;

    options.routes.add(base, 'GET');
    app.get(base, async (request, reply) => {
      if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, base);
      const { path } = queryFields(request, { path: stringField() });
      const directory = normalizeArtifactPath(path);
      const listed = await locator.destination().listArtifacts(directory);
      const body = {
        files:
          listed.length === 0
            ? undefined
            : listed.map((info) => ({
                path: artifactBaseName(info.path),
                is_dir: info.isDir,
                file_size: info.isDir || info.fileSize === 0 ? undefined : info.fileSize,
              })),
      };
      return reply
        .code(200)
        .header('content-type', 'application/json')
        .send(Buffer.from(serializeWireJson(body)));
    });

    app.get(files, async (request, reply) => {
      if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, files);
      const path = artifactFilePath((request.params as Record<string, unknown>)['*']);
      return sendArtifactFile(request, reply, locator.destination(), path);
    });

    app.delete(files, async (request, reply) => {
      if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, files);
      const path = artifactFilePath((request.params as Record<string, unknown>)['*']);
      await locator.destination().deleteArtifacts(path);
      return reply.code(200).header('content-type', 'application/json').send(EMPTY_JSON);
    });

    registerStreamingRoutes(app, (scope) => {
      scope.put(files, async (request, reply) => {
        if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, files);
        const path = artifactFilePath((request.params as Record<string, unknown>)['*']);
        try {
          await locator.destination().writeArtifact(path, requestBodyStream(request), {
            contentLength: declaredContentLength(request),
            contentType: request.headers['content-type'] ?? guessArtifactMimeType(artifactBaseName(path)),
          });
        } catch (error) {
          throw uploadFailure(error, request);
        }
        return reply.code(200).header('content-type', 'application/json').send(EMPTY_JSON);
      });
    });
    registerWildcardMethodFallback(app, files, ['GET', 'PUT', 'DELETE']);
  }
}
