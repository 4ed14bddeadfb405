import { MillraceError } from '@millrace/core';
import { invalidArtifactPath, joinArtifactPath, normalizeArtifactPath } from '@millrace/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serializeWireJson, type WireValue } from '../http/wire-json.js';
import { integerField, listField, messageField, stringField } from '../rpc/fields.js';
import { ARTIFACT_API_PREFIXES, type ArtifactRouteOptions } from './artifact-route-options.js';
import { sendArtifactsDisabled } from './artifacts-disabled.js';
import { jsonBodyFields, queryFields } from './request-fields.js';
import {
  declaredContentLength,
  registerStreamingRoutes,
  requestBodyStream,
  uploadFailure,
} from './streaming-request-body.js';
import { registerWildcardMethodFallback } from './wildcard-method-fallback.js';

const MAXIMUM_PARTS = 10_000;

/** The last segment of a client's local file path (`/home/me/model.bin`, `C:\\data\\model.bin`). */
function localFileName(localPath: string): string {
  return (
    localPath
      .split(/[\\/]/)
      .filter((segment) => segment !== '')
      .at(-1) ?? ''
  );
}

/**
 * The file a multipart upload writes: as MLflow, the URL names the directory (`mpu/create/<dir>`)
 * and the body's `path` the client's local file, whose base name is appended.
 */
function uploadTarget(directory: unknown, localPath: string): string {
  const target = normalizeArtifactPath(
    joinArtifactPath(
      normalizeArtifactPath(typeof directory === 'string' ? directory : ''),
      localFileName(localPath),
    ),
  );
  if (target === '') throw invalidArtifactPath();
  return target;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function sendJson(reply: import('fastify').FastifyReply, body: WireValue) {
  return reply
    .code(200)
    .header('content-type', 'application/json')
    .send(Buffer.from(serializeWireJson(body)));
}

/** Where the client is to PUT part `partNumber`: this server's part route, as the client reached it. */
function partUrl(
  request: FastifyRequest,
  base: string,
  target: string,
  uploadId: string,
  partNumber: number,
): string {
  const query = `upload_id=${encodeURIComponent(uploadId)}&part_number=${partNumber}`;
  return `${request.protocol}://${request.host}${base}/upload-part/${encodePath(target)}?${query}`;
}

/**
 * Multipart uploads through the proxy (tracking spec §3.5.2, what the Python client does with
 * `MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=true` for files ≥ 500 MiB):
 * - POST `mpu/create/<dir>` `{path, num_parts}` → `{upload_id, credentials[{url, part_number, headers}]}`;
 * - the client PUTs each part's bytes to its `url` (here: PUT `mpu/upload-part/<file>?upload_id&part_number`,
 *   streamed to the destination; the answer's `ETag` header is the part's etag) with the given
 *   headers (the create request's Authorization, so that parts pass the same authentication);
 * - POST `mpu/complete/<dir>` `{path, upload_id, parts[{part_number, etag}]}` → `{}`;
 * - POST `mpu/abort/<dir>` `{path, upload_id}` → `{}`.
 * MLflow only offers this for cloud destinations (501 for local ones, where clients fall back to
 * one PUT); Millrace offers it for every destination.
 */
export function registerMultipartArtifactRoutes(app: FastifyInstance, options: ArtifactRouteOptions): void {
  const { locator, maxBodyBytes } = options;
  for (const prefix of ARTIFACT_API_PREFIXES) {
    const base = `${options.staticPrefix}${prefix}/2.0/mlflow-artifacts/mpu`;
    const partBase = `${options.staticPrefix}/api/2.0/mlflow-artifacts/mpu`;

    const create = `${base}/create/*`;
    app.post(create, async (request, reply) => {
      if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, create);
      const fields = await jsonBodyFields(
        request,
        { path: stringField({ required: true }), num_parts: integerField() },
        maxBodyBytes,
      );
      const numberOfParts = fields.num_parts ?? 1;
      if (numberOfParts < 1 || numberOfParts > MAXIMUM_PARTS) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `num_parts must be from 1 to ${MAXIMUM_PARTS}, got ${numberOfParts}.`,
        );
      }
      const target = uploadTarget((request.params as Record<string, unknown>)['*'], fields.path);
      const uploadId = await locator.destination().createMultipartUpload(target);
      const authorization = request.headers.authorization;
      const headers = authorization === undefined ? {} : { Authorization: authorization };
      const credentials = Array.from({ length: numberOfParts }, (_unused, index) => ({
        url: partUrl(request, partBase, target, uploadId, index + 1),
        part_number: index + 1,
        headers,
      }));
      return sendJson(reply, { upload_id: uploadId, credentials });
    });
    registerWildcardMethodFallback(app, create, ['POST']);

    const complete = `${base}/complete/*`;
    app.post(complete, async (request, reply) => {
      if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, complete);
      const fields = await jsonBodyFields(
        request,
        {
          path: stringField({ required: true }),
          upload_id: stringField({ required: true }),
          parts: listField(
            messageField({
              part_number: integerField(),
              etag: stringField({ required: true }),
              url: stringField(),
            }),
          ),
        },
        maxBodyBytes,
      );
      const target = uploadTarget((request.params as Record<string, unknown>)['*'], fields.path);
      await locator.destination().completeMultipartUpload(
        target,
        fields.upload_id,
        fields.parts.map((part) => ({ partNumber: part.part_number ?? 0, etag: part.etag })),
      );
      return sendJson(reply, {});
    });
    registerWildcardMethodFallback(app, complete, ['POST']);

    const abort = `${base}/abort/*`;
    app.post(abort, async (request, reply) => {
      if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, abort);
      const fields = await jsonBodyFields(
        request,
        { path: stringField({ required: true }), upload_id: stringField({ required: true }) },
        maxBodyBytes,
      );
      const target = uploadTarget((request.params as Record<string, unknown>)['*'], fields.path);
      await locator.destination().abortMultipartUpload(target, fields.upload_id);
      return sendJson(reply, {});
    });
    registerWildcardMethodFallback(app, abort, ['POST']);

    const uploadPart = `${base}/upload-part/*`;
    registerStreamingRoutes(app, (scope) => {
      scope.put(uploadPart, async (request, reply) => {
        if (!locator.serveArtifacts) return sendArtifactsDisabled(reply, uploadPart);
        const fields = queryFields(request, {
          upload_id: stringField({ required: true }),
          part_number: integerField(),
        });
        const target = normalizeArtifactPath(String((request.params as Record<string, unknown>)['*'] ?? ''));
        let etag: string;
        try {
          etag = await locator
            .destination()
            .uploadPart(target, fields.upload_id, fields.part_number ?? 0, requestBodyStream(request), {
              contentLength: declaredContentLength(request),
            });
        } catch (error) {
          throw uploadFailure(error, request);
        }
        return sendJson(reply.header('etag', etag), {});
      });
    });
    registerWildcardMethodFallback(app, uploadPart, ['PUT']);
  }
}
