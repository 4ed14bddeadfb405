import { MillraceError } from '@millrace/core';
import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import { stringField } from '../rpc/fields.js';
import type { ArtifactLocator } from './artifact-locator.js';
import { listUnderArtifactRoot } from './artifact-listing.js';

/**
 * The tracking-side artifact RPCs (tracking spec §3.5.1): `GET /mlflow/artifacts/list` lists a
 * run's artifacts below `path`, resolving its `artifact_uri` (proxied roots through the artifacts
 * destination); and, when the app has logged models, `GET
 * /mlflow/logged-models/{model_id}/artifacts/directories`. No pagination (as MLflow).
 */
export function createArtifactRpcs(locator: ArtifactLocator): Rpc[] {
  return [
    defineRpc({
      name: 'listArtifacts',
      method: 'GET',
      path: '/mlflow/artifacts/list',
      majorVersion: 2,
      runIdAlias: true,
      request: { run_id: stringField({ required: true }), path: stringField(), page_token: stringField() },
      async handle(request, { trackingStore }) {
        const run = await trackingStore.getRun(request.run_id);
        return listUnderArtifactRoot(locator, run.info.artifactUri, request.path);
      },
    }),
    defineRpc({
      name: 'listLoggedModelArtifacts',
      method: 'GET',
      path: '/mlflow/logged-models/{model_id}/artifacts/directories',
      majorVersion: 2,
      request: {
        model_id: stringField({ required: true }),
        artifact_directory_path: stringField(),
        page_token: stringField(),
      },
      async handle(request, { loggedModelStore }) {
        if (loggedModelStore === undefined) {
          throw new MillraceError('ENDPOINT_NOT_FOUND', 'This server has no logged models.');
        }
        const model = await loggedModelStore.getLoggedModel(request.model_id);
        return listUnderArtifactRoot(locator, model.info.artifactUri, request.artifact_directory_path);
      },
    }),
  ];
}
