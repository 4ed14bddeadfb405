import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import {
  enumField,
  int64Field,
  integerField,
  keyValueField,
  listField,
  stringField,
  stringListField,
} from '../rpc/fields.js';
import { runInfoToWire, runToWire } from '../wire/tracking-wire.js';
import { RUN_STATUS_NUMBERS, VIEW_TYPE_NUMBERS } from './enums.js';

const runId = () => stringField({ required: true });

/** Run RPCs (tracking spec §3.2 and §3.4.1): create, get, update, delete, restore, search. */
export const runRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'createRun',
    method: 'POST',
    path: '/mlflow/runs/create',
    majorVersion: 2,
    request: {
      experiment_id: stringField({ acceptIntegers: true }),
      user_id: stringField(),
      run_name: stringField(),
      start_time: int64Field(),
      tags: listField(keyValueField()),
    },
    async handle(request, { trackingStore }) {
      const run = await trackingStore.createRun({
        experimentId: request.experiment_id,
        userId: request.user_id,
        runName: request.run_name,
        startTime: request.start_time,
        tags: request.tags,
      });
      return { run: runToWire(run, { withOutputs: false }) };
    },
  }),
  defineRpc({
    name: 'getRun',
    method: 'GET',
    path: '/mlflow/runs/get',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId() },
    async handle(request, { trackingStore }) {
      return { run: runToWire(await trackingStore.getRun(request.run_id), { withOutputs: true }) };
    },
  }),
  defineRpc({
    name: 'updateRun',
    method: 'POST',
    path: '/mlflow/runs/update',
    majorVersion: 2,
    runIdAlias: true,
    request: {
      run_id: runId(),
      status: enumField(RUN_STATUS_NUMBERS),
      end_time: int64Field(),
      run_name: stringField(),
    },
    async handle(request, { trackingStore }) {
      const info = await trackingStore.updateRun(request.run_id, {
        status: request.status,
        endTime: request.end_time,
        runName: request.run_name,
      });
      return { run_info: runInfoToWire(info) };
    },
  }),
  defineRpc({
    name: 'deleteRun',
    method: 'POST',
    path: '/mlflow/runs/delete',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId() },
    async handle(request, { trackingStore }) {
      await trackingStore.deleteRun(request.run_id);
      return {};
    },
  }),
  defineRpc({
    name: 'restoreRun',
    method: 'POST',
    path: '/mlflow/runs/restore',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId() },
    async handle(request, { trackingStore }) {
      await trackingStore.restoreRun(request.run_id);
      return {};
    },
  }),
  defineRpc({
    name: 'searchRuns',
    method: 'POST',
    path: '/mlflow/runs/search',
    majorVersion: 2,
    repeatedFields: ['experiment_ids', 'order_by'],
    request: {
      experiment_ids: stringListField(),
      filter: stringField(),
      run_view_type: enumField(VIEW_TYPE_NUMBERS),
      max_results: integerField(),
      order_by: stringListField(),
      page_token: stringField(),
    },
    async handle(request, { trackingStore }) {
      const page = await trackingStore.searchRuns({
        experimentIds: request.experiment_ids,
        filter: request.filter,
        viewType: request.run_view_type,
        maxResults: request.max_results,
        orderBy: request.order_by,
        pageToken: request.page_token,
      });
      return {
        runs:
          page.items.length === 0
            ? undefined
            : page.items.map((run) => runToWire(run, { withOutputs: true })),
        next_page_token: page.nextPageToken,
      };
    },
  }),
];
