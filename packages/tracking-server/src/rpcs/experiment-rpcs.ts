import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import {
  enumField,
  integerField,
  keyValueListOrMapField,
  stringField,
  stringListField,
  stringWithDefault,
} from '../rpc/fields.js';
import { experimentToWire } from '../wire/tracking-wire.js';
import { VIEW_TYPE_NUMBERS } from './enums.js';

const experimentId = () => stringField({ required: true, acceptIntegers: true });

/** Experiment RPCs (tracking spec §3.1). */
export const experimentRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'createExperiment',
    method: 'POST',
    path: '/mlflow/experiments/create',
    majorVersion: 2,
    request: {
      name: stringField({ required: true }),
      artifact_location: stringField(),
      tags: keyValueListOrMapField(),
    },
    async handle(request, { trackingStore }) {
      const id = await trackingStore.createExperiment({
        name: request.name,
        artifactLocation: request.artifact_location,
        tags: request.tags,
      });
      return { experiment_id: id };
    },
  }),
  defineRpc({
    name: 'getExperiment',
    method: 'GET',
    path: '/mlflow/experiments/get',
    majorVersion: 2,
    request: { experiment_id: experimentId() },
    async handle(request, { trackingStore }) {
      return { experiment: experimentToWire(await trackingStore.getExperiment(request.experiment_id)) };
    },
  }),
  defineRpc({
    name: 'getExperimentByName',
    method: 'GET',
    path: '/mlflow/experiments/get-by-name',
    majorVersion: 2,
    request: { experiment_name: stringField({ required: true }) },
    async handle(request, { trackingStore }) {
      return {
        experiment: experimentToWire(await trackingStore.getExperimentByName(request.experiment_name)),
      };
    },
  }),
  ...(['POST', 'GET'] as const).map((method) =>
    defineRpc({
      name: 'searchExperiments',
      method,
      path: '/mlflow/experiments/search',
      majorVersion: 2,
      repeatedFields: ['order_by'],
      request: {
        max_results: integerField(),
        page_token: stringField(),
        filter: stringField(),
        order_by: stringListField(),
        view_type: enumField(VIEW_TYPE_NUMBERS),
      },
      async handle(request, { trackingStore }) {
        // As in MLflow, max_results has no default here: leaving it out is "0", which is refused.
        const page = await trackingStore.searchExperiments({
          maxResults: request.max_results ?? 0,
          pageToken: request.page_token,
          filter: request.filter,
          orderBy: request.order_by,
          viewType: request.view_type,
        });
        return {
          experiments: page.items.length === 0 ? undefined : page.items.map(experimentToWire),
          next_page_token: page.nextPageToken,
        };
      },
    }),
  ),
  defineRpc({
    name: 'deleteExperiment',
    method: 'POST',
    path: '/mlflow/experiments/delete',
    majorVersion: 2,
    request: { experiment_id: experimentId() },
    async handle(request, { trackingStore }) {
      await trackingStore.deleteExperiment(request.experiment_id);
      return {};
    },
  }),
  defineRpc({
    name: 'restoreExperiment',
    method: 'POST',
    path: '/mlflow/experiments/restore',
    majorVersion: 2,
    request: { experiment_id: experimentId() },
    async handle(request, { trackingStore }) {
      await trackingStore.restoreExperiment(request.experiment_id);
      return {};
    },
  }),
  defineRpc({
    name: 'updateExperiment',
    method: 'POST',
    path: '/mlflow/experiments/update',
    majorVersion: 2,
    request: { experiment_id: experimentId(), new_name: stringField({ required: true }) },
    async handle(request, { trackingStore }) {
      await trackingStore.renameExperiment(request.experiment_id, request.new_name);
      return {};
    },
  }),
  defineRpc({
    name: 'setExperimentTag',
    method: 'POST',
    path: '/mlflow/experiments/set-experiment-tag',
    majorVersion: 2,
    request: {
      experiment_id: experimentId(),
      key: stringField({ required: true }),
      value: stringWithDefault(),
    },
    async handle(request, { trackingStore }) {
      await trackingStore.setExperimentTag(request.experiment_id, { key: request.key, value: request.value });
      return {};
    },
  }),
  defineRpc({
    name: 'deleteExperimentTag',
    method: 'POST',
    path: '/mlflow/experiments/delete-experiment-tag',
    majorVersion: 2,
    request: { experiment_id: experimentId(), key: stringField({ required: true }) },
    async handle(request, { trackingStore }) {
      await trackingStore.deleteExperimentTag(request.experiment_id, request.key);
      return {};
    },
  }),
];
