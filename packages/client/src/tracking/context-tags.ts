import { userInfo } from 'node:os';
import path from 'node:path';

/** MLflow's reserved run tags the fluent API sets. */
export const RUN_NAME_TAG = 'mlflow.runName';
export const USER_TAG = 'mlflow.user';
export const SOURCE_NAME_TAG = 'mlflow.source.name';
export const SOURCE_TYPE_TAG = 'mlflow.source.type';
export const PARENT_RUN_ID_TAG = 'mlflow.parentRunId';
export const NOTE_TAG = 'mlflow.note.content';

/** The user running the program (`mlflow.user`), `unknown` when the system will not say. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The program being run (`mlflow.source.name`): the main script's path, else `node`. */
export function sourceName(): string {
  const script = process.argv[1];
  return script === undefined || script === '' ? 'node' : path.resolve(script);
}

/** The context tags MLflow's client puts on runs and logged models: user and source. */
export function contextTags(): Record<string, string> {
  return { [USER_TAG]: currentUser(), [SOURCE_NAME_TAG]: sourceName(), [SOURCE_TYPE_TAG]: 'LOCAL' };
}

/** The tags of a new run: context tags, run name, parent, note; given tags win. */
export function newRunTags(options: {
  runName?: string;
  parentRunId?: string;
  description?: string;
  tags?: Record<string, string>;
}): Record<string, string> {
  const tags = contextTags();
  if (options.runName !== undefined) tags[RUN_NAME_TAG] = options.runName;
  if (options.parentRunId !== undefined) tags[PARENT_RUN_ID_TAG] = options.parentRunId;
  if (options.description !== undefined) tags[NOTE_TAG] = options.description;
  return { ...tags, ...(options.tags ?? {}) };
}
