import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import {
  integerField,
  keyValueField,
  listField,
  stringField,
  stringListField,
  stringWithDefault,
} from '../rpc/fields.js';
import { modelVersionToWire, registeredModelToWire } from '../wire/registry-wire.js';
import { registryStoreOf } from './optional-stores.js';

const name = () => stringField({ required: true });

const getLatestVersions = (method: 'GET' | 'POST') =>
  defineRpc({
    name: 'getLatestVersions',
    method,
    path: '/mlflow/registered-models/get-latest-versions',
    majorVersion: 2,
    repeatedFields: ['stages'],
    request: { name: name(), stages: stringListField() },
    async handle(request, context) {
      const versions = await registryStoreOf(context).getLatestVersions(request.name, request.stages);
      return { model_versions: versions.length === 0 ? undefined : versions.map(modelVersionToWire) };
    },
  });

/** Registered-model RPCs (tracking spec §3.8): CRUD, tags, search, latest versions and aliases. */
export const registeredModelRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'createRegisteredModel',
    method: 'POST',
    path: '/mlflow/registered-models/create',
    majorVersion: 2,
    request: { name: name(), tags: listField(keyValueField()), description: stringField() },
    async handle(request, context) {
      const model = await registryStoreOf(context).createRegisteredModel({
        name: request.name,
        tags: request.tags,
        description: request.description,
      });
      return { registered_model: registeredModelToWire(model) };
    },
  }),
  defineRpc({
    name: 'getRegisteredModel',
    method: 'GET',
    path: '/mlflow/registered-models/get',
    majorVersion: 2,
    request: { name: name() },
    async handle(request, context) {
      return {
        registered_model: registeredModelToWire(
          await registryStoreOf(context).getRegisteredModel(request.name),
        ),
      };
    },
  }),
  defineRpc({
    name: 'renameRegisteredModel',
    method: 'POST',
    path: '/mlflow/registered-models/rename',
    majorVersion: 2,
    request: { name: name(), new_name: stringField({ required: true }) },
    async handle(request, context) {
      const model = await registryStoreOf(context).renameRegisteredModel(request.name, request.new_name);
      return { registered_model: registeredModelToWire(model) };
    },
  }),
  defineRpc({
    // Without `description` the description stays (MLflow 3.6 clears it); '' clears it.
    name: 'updateRegisteredModel',
    method: 'PATCH',
    path: '/mlflow/registered-models/update',
    majorVersion: 2,
    request: { name: name(), description: stringField() },
    async handle(request, context) {
      const model = await registryStoreOf(context).updateRegisteredModel(request.name, {
        description: request.description,
      });
      return { registered_model: registeredModelToWire(model) };
    },
  }),
  defineRpc({
    name: 'deleteRegisteredModel',
    method: 'DELETE',
    path: '/mlflow/registered-models/delete',
    majorVersion: 2,
    request: { name: name() },
    async handle(request, context) {
      await registryStoreOf(context).deleteRegisteredModel(request.name);
      return {};
    },
  }),
  defineRpc({
    name: 'searchRegisteredModels',
    method: 'GET',
    path: '/mlflow/registered-models/search',
    majorVersion: 2,
    repeatedFields: ['order_by'],
    request: {
      filter: stringField(),
      max_results: integerField(),
      order_by: stringListField(),
      page_token: stringField(),
    },
    async handle(request, context) {
      const page = await registryStoreOf(context).searchRegisteredModels({
        filter: request.filter,
        maxResults: request.max_results,
        orderBy: request.order_by,
        pageToken: request.page_token,
      });
      return {
        registered_models: page.items.length === 0 ? undefined : page.items.map(registeredModelToWire),
        next_page_token: page.nextPageToken,
      };
    },
  }),
  getLatestVersions('POST'),
  getLatestVersions('GET'),
  defineRpc({
    name: 'setRegisteredModelTag',
    method: 'POST',
    path: '/mlflow/registered-models/set-tag',
    majorVersion: 2,
    request: { name: name(), key: stringField({ required: true }), value: stringWithDefault() },
    async handle(request, context) {
      await registryStoreOf(context).setRegisteredModelTag(request.name, {
        key: request.key,
        value: request.value,
      });
      return {};
    },
  }),
  defineRpc({
    name: 'deleteRegisteredModelTag',
    method: 'DELETE',
    path: '/mlflow/registered-models/delete-tag',
    majorVersion: 2,
    request: { name: name(), key: stringField({ required: true }) },
    async handle(request, context) {
      await registryStoreOf(context).deleteRegisteredModelTag(request.name, request.key);
      return {};
    },
  }),
  defineRpc({
    name: 'setRegisteredModelAlias',
    method: 'POST',
    path: '/mlflow/registered-models/alias',
    majorVersion: 2,
    request: {
      name: name(),
      alias: stringField({ required: true }),
      version: stringField({ required: true, acceptIntegers: true }),
    },
    async handle(request, context) {
      await registryStoreOf(context).setRegisteredModelAlias(request.name, request.alias, request.version);
      return {};
    },
  }),
  defineRpc({
    name: 'deleteRegisteredModelAlias',
    method: 'DELETE',
    path: '/mlflow/registered-models/alias',
    majorVersion: 2,
    request: { name: name(), alias: stringField({ required: true }) },
    async handle(request, context) {
      await registryStoreOf(context).deleteRegisteredModelAlias(request.name, request.alias);
      return {};
    },
  }),
  defineRpc({
    name: 'getModelVersionByAlias',
    method: 'GET',
    path: '/mlflow/registered-models/alias',
    majorVersion: 2,
    request: { name: name(), alias: stringField({ required: true }) },
    async handle(request, context) {
      const version = await registryStoreOf(context).getModelVersionByAlias(request.name, request.alias);
      return { model_version: modelVersionToWire(version) };
    },
  }),
];
