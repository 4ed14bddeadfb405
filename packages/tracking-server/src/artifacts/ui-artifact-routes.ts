import { MillraceError } from '@millrace/core';
import { joinArtifactPath, normalizeArtifactPath, type TrackingStore } from '@millrace/store';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { stringField } from '../rpc/fields.js';
import { sendArtifactFile } from './artifact-download.js';
import type { ArtifactLocator } from './artifact-locator.js';
import type { ArtifactRouteOptions } from './artifact-route-options.js';
import { artifactFilePath } from './proxied-artifact-routes.js';
import { queryFields } from './request-fields.js';
import {
  declaredContentLength,
  registerStreamingRoutes,
  requestBodyStream,
  uploadFailure,
} from './streaming-request-body.js';

/** MLflow's limit for uploads through the UI route. */
const UI_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

function required(name: string): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', `Request must specify ${name}.`);
}

/** The file `path` of a run's artifacts: repository and path in it. */
async function runArtifactFile(
  trackingStore: TrackingStore,
  locator: ArtifactLocator,
  runId: string,
  path: string,
) {
  const run = await trackingStore.getRun(runId);
  const { repository, basePath } = locator.locate(run.info.artifactUri);
  return { repository, path: joinArtifactPath(basePath, artifactFilePath(path)) };
}

/** Counts a body through and refuses it past the limit (the upload is then dropped). */
async function* limited(body: AsyncIterable<unknown>, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw new MillraceError('INVALID_PARAMETER_VALUE', 'Artifact size is too large. Max size is 10MB.');
    }
    yield buffer;
  }
}

/**
 * The web UI's artifact routes (tracking spec §3.5.1): `GET /get-artifact?run_id&path` and
 * `GET /model-versions/get-artifact?name&version&path` download one file;
 * `POST /ajax-api/2.0/mlflow/upload-artifact?run_uuid&path` stores a raw body of at most 10 MB
 * (answer: 200, empty); `GET /ajax-api/2.0/mlflow/logged-models/<id>/artifacts/files?artifact_file_path`
 * downloads a logged model's file.
 */
export function registerUiArtifactRoutes(app: FastifyInstance, options: ArtifactRouteOptions): void {
  const { locator, context, staticPrefix } = options;

  const getArtifact = `${staticPrefix}/get-artifact`;
  options.routes.add(getArtifact, 'GET');
  app.get(getArtifact, async (request, reply) => {
    const fields = queryFields(request, {
      run_id: stringField(),
      run_uuid: stringField(),
      path: stringField(),
    });
    const runId = fields.run_id ?? fields.run_uuid;
    if (runId === undefined || runId === '') throw required('run_id');
    if (fields.path === undefined || fields.path === '') throw required('path');
    const file = await runArtifactFile(context.trackingStore, locator, runId, fields.path);
    return sendArtifactFile(request, reply, file.repository, file.path);
  });

  const modelVersionArtifact = `${staticPrefix}/model-versions/get-artifact`;
  options.routes.add(modelVersionArtifact, 'GET');
  app.get(modelVersionArtifact, async (request, reply) => {
    const registry = context.modelRegistryStore;
    if (registry === undefined)
      throw new MillraceError('ENDPOINT_NOT_FOUND', 'This server has no model registry.');
    const fields = queryFields(request, {
      name: stringField({ required: true }),
      version: stringField({ required: true, acceptIntegers: true }),
      path: stringField({ required: true }),
    });
    const source = await registry.getModelVersionDownloadUri(fields.name, fields.version);
    const runSource = /^runs:\/([^/]+)(?:\/(.*))?$/.exec(source);
    if (runSource !== null) {
      const subPath = normalizeArtifactPath(runSource[2] ?? '');
      const file = await runArtifactFile(
        context.trackingStore,
        locator,
        runSource[1] ?? '',
        joinArtifactPath(subPath, artifactFilePath(fields.path)),
      );
      return sendArtifactFile(request, reply, file.repository, file.path);
    }
    const { repository, basePath } = locator.locate(source);
    return sendArtifactFile(
      request,
      reply,
      repository,
      joinArtifactPath(basePath, artifactFilePath(fields.path)),
    );
  });

  const loggedModelFile = `${staticPrefix}/ajax-api/2.0/mlflow/logged-models/:model_id/artifacts/files`;
  options.routes.add(loggedModelFile, 'GET');
  app.get(loggedModelFile, async (request, reply) => {
    const store = context.loggedModelStore;
    if (store === undefined)
      throw new MillraceError('ENDPOINT_NOT_FOUND', 'This server has no logged models.');
    const { artifact_file_path: filePath } = queryFields(request, { artifact_file_path: stringField() });
    if (filePath === undefined || filePath === '') {
      throw new MillraceError(
        'BAD_REQUEST',
        'Request must include the "artifact_file_path" query parameter.',
      );
    }
    const model = await store.getLoggedModel(String((request.params as Record<string, unknown>).model_id));
    const { repository, basePath } = locator.locate(model.info.artifactUri);
    return sendArtifactFile(
      request,
      reply,
      repository,
      joinArtifactPath(basePath, artifactFilePath(filePath)),
    );
  });

  const uploadArtifact = `${staticPrefix}/ajax-api/2.0/mlflow/upload-artifact`;
  options.routes.add(uploadArtifact, 'POST');
  registerStreamingRoutes(app, (scope) => {
    scope.post(uploadArtifact, async (request, reply) => {
      const fields = queryFields(request, { run_uuid: stringField(), path: stringField() });
      if (fields.run_uuid === undefined || fields.run_uuid === '') throw required('run_uuid');
      if (fields.path === undefined || fields.path === '') throw required('path');
      const contentLength = declaredContentLength(request);
      if (contentLength !== undefined && contentLength > UI_UPLOAD_LIMIT_BYTES) {
        throw new MillraceError('INVALID_PARAMETER_VALUE', 'Artifact size is too large. Max size is 10MB.');
      }
      if (
        contentLength === 0 ||
        (contentLength === undefined && request.headers['transfer-encoding'] === undefined)
      ) {
        throw required('data');
      }
      const file = await runArtifactFile(context.trackingStore, locator, fields.run_uuid, fields.path);
      let size: number;
      try {
        size = await file.repository.writeArtifact(
          file.path,
          Readable.from(limited(requestBodyStream(request), UI_UPLOAD_LIMIT_BYTES)),
          { contentLength },
        );
      } catch (error) {
        throw uploadFailure(error, request);
      }
      if (size === 0) {
        await file.repository.deleteArtifacts(file.path);
        throw required('data');
      }
      return reply.code(200).header('content-type', 'application/json').send(Buffer.alloc(0));
    });
  });
}
