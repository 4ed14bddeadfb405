import { MillraceError } from '@millrace/core';
import type { LoggedModelFinalStatus } from '@millrace/store';
import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import {
  booleanField,
  enumField,
  integerField,
  keyValueField,
  listField,
  messageField,
  stringField,
  stringListField,
} from '../rpc/fields.js';
import { loggedModelToWire } from '../wire/logged-model-wire.js';
import { LOGGED_MODEL_STATUS_NUMBERS } from './enums.js';
import { loggedModelStoreOf } from './optional-stores.js';

const modelId = () => stringField({ required: true });

/** Finalize sets the outcome of the upload; the unset enum value counts as missing. */
function finalStatus(status: string | undefined): LoggedModelFinalStatus {
  if (status === undefined || status === 'LOGGED_MODEL_STATUS_UNSPECIFIED') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      "Missing value for required parameter 'status'. See the API docs for more information about request parameters.",
    );
  }
  if (status !== 'LOGGED_MODEL_READY' && status !== 'LOGGED_MODEL_UPLOAD_FAILED') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `A logged model is finalized as LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED, not ${status}.`,
    );
  }
  return status;
}

/** MLflow 3 logged-model RPCs (tracking spec §3.6), all under /api/2.0. */
export const loggedModelRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'createLoggedModel',
    method: 'POST',
    path: '/mlflow/logged-models',
    majorVersion: 2,
    request: {
      experiment_id: stringField({ required: true, acceptIntegers: true }),
      name: stringField(),
      model_type: stringField(),
      source_run_id: stringField(),
      params: listField(keyValueField()),
      tags: listField(keyValueField()),
    },
    async handle(request, context) {
      const model = await loggedModelStoreOf(context).createLoggedModel({
        experimentId: request.experiment_id,
        name: request.name,
        modelType: request.model_type,
        sourceRunId: request.source_run_id,
        params: request.params,
        tags: request.tags,
      });
      return { model: loggedModelToWire(model) };
    },
  }),
  defineRpc({
    // `allow_deleted` is MLflow 3.7+; 3.6 answers 404 for a deleted model whatever the query says.
    name: 'getLoggedModel',
    method: 'GET',
    path: '/mlflow/logged-models/{model_id}',
    majorVersion: 2,
    request: { model_id: modelId(), allow_deleted: booleanField() },
    async handle(request, context) {
      const model = await loggedModelStoreOf(context).getLoggedModel(request.model_id, {
        allowDeleted: request.allow_deleted === true,
      });
      return { model: loggedModelToWire(model) };
    },
  }),
  defineRpc({
    name: 'finalizeLoggedModel',
    method: 'PATCH',
    path: '/mlflow/logged-models/{model_id}',
    majorVersion: 2,
    request: { model_id: modelId(), status: enumField(LOGGED_MODEL_STATUS_NUMBERS) },
    async handle(request, context) {
      const status = finalStatus(request.status);
      const model = await loggedModelStoreOf(context).finalizeLoggedModel(request.model_id, status);
      return { model: loggedModelToWire(model) };
    },
  }),
  defineRpc({
    name: 'deleteLoggedModel',
    method: 'DELETE',
    path: '/mlflow/logged-models/{model_id}',
    majorVersion: 2,
    request: { model_id: modelId() },
    async handle(request, context) {
      await loggedModelStoreOf(context).deleteLoggedModel(request.model_id);
      return {};
    },
  }),
  defineRpc({
    name: 'searchLoggedModels',
    method: 'POST',
    path: '/mlflow/logged-models/search',
    majorVersion: 2,
    request: {
      experiment_ids: stringListField(),
      filter: stringField(),
      datasets: listField(
        messageField({ dataset_name: stringField({ required: true }), dataset_digest: stringField() }),
      ),
      max_results: integerField(),
      order_by: listField(
        messageField({
          field_name: stringField({ required: true }),
          ascending: booleanField({ acceptStrings: false }),
          dataset_name: stringField(),
          dataset_digest: stringField(),
        }),
      ),
      page_token: stringField(),
    },
    async handle(request, context) {
      if (request.experiment_ids.length === 0) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          "Missing value for required parameter 'experiment_ids'. See the API docs for more information about request parameters.",
        );
      }
      const page = await loggedModelStoreOf(context).searchLoggedModels({
        experimentIds: request.experiment_ids,
        filter: request.filter,
        datasets: request.datasets.map((dataset) => ({
          datasetName: dataset.dataset_name,
          ...(dataset.dataset_digest === undefined ? {} : { datasetDigest: dataset.dataset_digest }),
        })),
        maxResults: request.max_results,
        orderBy: request.order_by.map((item) => ({
          fieldName: item.field_name,
          ...(item.ascending === undefined ? {} : { ascending: item.ascending }),
          ...(item.dataset_name === undefined ? {} : { datasetName: item.dataset_name }),
          ...(item.dataset_digest === undefined ? {} : { datasetDigest: item.dataset_digest }),
        })),
        pageToken: request.page_token,
      });
      return {
        models: page.items.length === 0 ? undefined : page.items.map(loggedModelToWire),
        next_page_token: page.nextPageToken,
      };
    },
  }),
  defineRpc({
    // MLflow answers {} here (the proto allows the model).
    name: 'setLoggedModelTags',
    method: 'PATCH',
    path: '/mlflow/logged-models/{model_id}/tags',
    majorVersion: 2,
    request: { model_id: modelId(), tags: listField(keyValueField()) },
    async handle(request, context) {
      await loggedModelStoreOf(context).setLoggedModelTags(request.model_id, request.tags);
      return {};
    },
  }),
  defineRpc({
    name: 'deleteLoggedModelTag',
    method: 'DELETE',
    path: '/mlflow/logged-models/{model_id}/tags/{tag_key}',
    majorVersion: 2,
    request: { model_id: modelId(), tag_key: stringField({ required: true }) },
    async handle(request, context) {
      await loggedModelStoreOf(context).deleteLoggedModelTag(request.model_id, request.tag_key);
      return {};
    },
  }),
  defineRpc({
    name: 'logLoggedModelParams',
    method: 'POST',
    path: '/mlflow/logged-models/{model_id}/params',
    majorVersion: 2,
    request: { model_id: modelId(), params: listField(keyValueField()) },
    async handle(request, context) {
      await loggedModelStoreOf(context).logLoggedModelParams(request.model_id, request.params);
      return {};
    },
  }),
];
