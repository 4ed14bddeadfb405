import { logModelDirectory, startRun } from '@millrace/client';
import type { QuickstartModel } from './quickstart-models.js';

/** Whether the registry already holds `<name>` version 1 (a previous quickstart in the same workdir). */
async function hasFirstVersion(trackingUri: string, name: string): Promise<boolean> {
  const url = new URL('/api/2.0/mlflow/model-versions/get', trackingUri);
  url.searchParams.set('name', name);
  url.searchParams.set('version', '1');
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.ok;
}

/**
 * Logs a quickstart model to the active experiment (one run per model, with the SDK, as a user
 * would) and registers it under its name; returns the model URI to serve. Version 1 of an earlier
 * quickstart is reused unless `replace` (the user gave a model directory of their own).
 */
export async function registerQuickstartModel(
  trackingUri: string,
  model: QuickstartModel,
  replace: boolean,
): Promise<{ modelUri: string; reused: boolean }> {
  if (!replace && (await hasFirstVersion(trackingUri, model.name))) {
    return { modelUri: `models:/${model.name}/1`, reused: true };
  }
  const logged = await startRun({ runName: model.name }, () =>
    logModelDirectory(model.directory, { name: 'model', registeredModelName: model.name }),
  );
  const version = logged.registeredModelVersion?.version ?? '1';
  return { modelUri: `models:/${model.name}/${version}`, reused: false };
}
