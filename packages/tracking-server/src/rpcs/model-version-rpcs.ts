import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import {
  booleanField,
  integerField,
  keyValueField,
  listField,
  stringField,
  stringListField,
  stringWithDefault,
} from '../rpc/fields.js';
import { modelVersionToWire } from '../wire/registry-wire.js';
import { registryStoreOf } from './optional-stores.js';

const name = () => stringField({ required: true });
/** Versions are strings on the wire; a JSON integer is taken as its decimal text. */
const version = () => stringField({ required: true, acceptIntegers: true });

/** Model-version RPCs (tracking spec §3.8): create, get, update, stages, delete, search, tags, download URI. */
export const modelVersionRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'createModelVersion',
    method: 'POST',
    path: '/mlflow/model-versions/create',
    majorVersion: 2,
    request: {
      name: name(),
      source: stringField({ required: true }),
      run_id: stringField(),
      tags: listField(keyValueField()),
      run_link: stringField(),
      description: stringField(),
      model_id: stringField(),
    },
    async handle(request, context) {
      const created = await registryStoreOf(context).createModelVersion({
        name: request.name,
        source: request.source,
        runId: request.run_id,
        tags: request.tags,
        runLink: request.run_link,
        description: request.description,
        modelId: request.model_id,
      });
      return { model_version: modelVersionToWire(created) };
    },
  }),
  defineRpc({
    name: 'getModelVersion',
    method: 'GET',
    path: '/mlflow/model-versions/get',
    majorVersion: 2,
    request: { name: name(), version: version() },
    async handle(request, context) {
      const found = await registryStoreOf(context).getModelVersion(request.name, request.version);
      return { model_version: modelVersionToWire(found) };
    },
  }),
  defineRpc({
    // Without `description` the description stays (MLflow 3.6 clears it); '' clears it.
    name: 'updateModelVersion',
    method: 'PATCH',
    path: '/mlflow/model-versions/update',
    majorVersion: 2,
    request: { name: name(), version: version(), description: stringField() },
    async handle(request, context) {
      const updated = await registryStoreOf(context).updateModelVersion(request.name, request.version, {
        description: request.description,
      });
      return { model_version: modelVersionToWire(updated) };
    },
  }),
  defineRpc({
    // The proto marks archive_existing_versions required; MLflow takes a missing one as false.
    name: 'transitionModelVersionStage',
    method: 'POST',
    path: '/mlflow/model-versions/transition-stage',
    majorVersion: 2,
    request: {
      name: name(),
      version: version(),
      stage: stringField({ required: true }),
      archive_existing_versions: booleanField({ acceptStrings: false }),
    },
    async handle(request, context) {
      const moved = await registryStoreOf(context).transitionModelVersionStage(
        request.name,
        request.version,
        request.stage,
        request.archive_existing_versions ?? false,
      );
      return { model_version: modelVersionToWire(moved) };
    },
  }),
  defineRpc({
    name: 'deleteModelVersion',
    method: 'DELETE',
    path: '/mlflow/model-versions/delete',
    majorVersion: 2,
    request: { name: name(), version: version() },
    async handle(request, context) {
      await registryStoreOf(context).deleteModelVersion(request.name, request.version);
      return {};
    },
  }),
  defineRpc({
    name: 'searchModelVersions',
    method: 'GET',
    path: '/mlflow/model-versions/search',
    majorVersion: 2,
    repeatedFields: ['order_by'],
    request: {
      filter: stringField(),
      max_results: integerField(),
      order_by: stringListField(),
      page_token: stringField(),
    },
    async handle(request, context) {
      const page = await registryStoreOf(context).searchModelVersions({
        filter: request.filter,
        maxResults: request.max_results,
        orderBy: request.order_by,
        pageToken: request.page_token,
      });
      return {
        model_versions: page.items.length === 0 ? undefined : page.items.map(modelVersionToWire),
        next_page_token: page.nextPageToken,
      };
    },
  }),
  defineRpc({
    name: 'getModelVersionDownloadUri',
    method: 'GET',
    path: '/mlflow/model-versions/get-download-uri',
    majorVersion: 2,
    request: { name: name(), version: version() },
    async handle(request, context) {
      return {
        artifact_uri: await registryStoreOf(context).getModelVersionDownloadUri(
          request.name,
          request.version,
        ),
      };
    },
  }),
  defineRpc({
    name: 'setModelVersionTag',
    method: 'POST',
    path: '/mlflow/model-versions/set-tag',
    majorVersion: 2,
    request: {
      name: name(),
      version: version(),
      key: stringField({ required: true }),
      value: stringWithDefault(),
    },
    async handle(request, context) {
      await registryStoreOf(context).setModelVersionTag(request.name, request.version, {
        key: request.key,
        value: request.value,
      });
      return {};
    },
  }),
  defineRpc({
    name: 'deleteModelVersionTag',
    method: 'DELETE',
    path: '/mlflow/model-versions/delete-tag',
    majorVersion: 2,
    request: { name: name(), version: version(), key: stringField({ required: true }) },
    async handle(request, context) {
      await registryStoreOf(context).deleteModelVersionTag(request.name, request.version, request.key);
      return {};
    },
  }),
];
