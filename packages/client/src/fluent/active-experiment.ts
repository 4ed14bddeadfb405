import { MillraceError } from '@millrace/core';
import type { Experiment } from '../entities/experiment.js';
import type { MlflowClient } from '../tracking/mlflow-client.js';
import { fluentSession } from './fluent-session.js';

let activeExperimentId: string | undefined;

function deletedExperimentError(name: string): MillraceError {
  return MillraceError.invalidParameterValue(
    `Experiment '${name}' is deleted: restore it (or remove it for good) before making it the active experiment.`,
  );
}

/**
 * The experiment of that name, created when missing; a concurrent creation by another process
 * (RESOURCE_ALREADY_EXISTS) is resolved by reading the winner's. MLflow's sequence: get-by-name,
 * create, get.
 */
export async function getOrCreateExperiment(client: MlflowClient, name: string): Promise<Experiment> {
  const existing = await client.getExperimentByName(name);
  if (existing !== null) return existing;
  let experimentId: string;
  try {
    experimentId = await client.createExperiment(name);
  } catch (error) {
    if (!MillraceError.isInstance(error) || error.errorCode !== 'RESOURCE_ALREADY_EXISTS') throw error;
    const winner = await client.getExperimentByName(name);
    if (winner === null) throw error;
    return winner;
  }
  return client.getExperiment(experimentId);
}

/**
 * Makes an experiment the active one (by name, created when missing; or by id), as MLflow's
 * `set_experiment`. A deleted experiment is refused.
 */
export async function setExperiment(
  nameOrOptions: string | { experimentId: string } | { name: string },
): Promise<Experiment> {
  const { client } = fluentSession();
  let experiment: Experiment;
  if (typeof nameOrOptions === 'object' && 'experimentId' in nameOrOptions) {
    experiment = await client.getExperiment(nameOrOptions.experimentId);
  } else {
    const name = typeof nameOrOptions === 'string' ? nameOrOptions : nameOrOptions.name;
    if (typeof name !== 'string' || name.trim() === '') {
      throw MillraceError.invalidParameterValue('setExperiment needs a non-empty experiment name.');
    }
    experiment = await getOrCreateExperiment(client, name);
  }
  if (experiment.lifecycleStage === 'deleted') throw deletedExperimentError(experiment.name);
  activeExperimentId = experiment.experimentId;
  return experiment;
}

/**
 * The experiment new runs go to: the one set with `setExperiment`, else MLFLOW_EXPERIMENT_ID,
 * else MLFLOW_EXPERIMENT_NAME (created when missing), else the Default experiment `0`.
 */
export async function resolveActiveExperimentId(): Promise<string> {
  if (activeExperimentId !== undefined) return activeExperimentId;
  const fromId = process.env.MLFLOW_EXPERIMENT_ID;
  if (fromId !== undefined && fromId !== '') return fromId;
  const fromName = process.env.MLFLOW_EXPERIMENT_NAME;
  if (fromName !== undefined && fromName !== '') return (await setExperiment(fromName)).experimentId;
  return '0';
}

/** The id of the experiment set with `setExperiment`, if any. */
export function getActiveExperimentId(): string | undefined {
  return activeExperimentId;
}

/** Forgets the active experiment (back to the environment's or `0`). */
export function resetActiveExperiment(): void {
  activeExperimentId = undefined;
}
