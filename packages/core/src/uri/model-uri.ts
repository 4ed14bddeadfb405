/** A local model directory: a path, or a `file:` URI, made absolute. */
export interface LocalModelUri {
  kind: 'local';
  uri: string;
  path: string;
}

/** `runs:/<run_id>/<path>`: an artifact path inside a run (null for the run's root). */
export interface RunsModelUri {
  kind: 'runs';
  uri: string;
  runId: string;
  artifactPath: string | null;
}

/** Which version of a registered model a `models:/` URI selects. */
export type RegisteredModelSelector =
  | { selector: 'version'; version: string }
  | { selector: 'latest' }
  | { selector: 'stage'; stage: string }
  | { selector: 'alias'; alias: string };

/**
 * `models:/<name>/<version>`, `models:/<name>/latest`, `models:/<name>/<stage>` or
 * `models:/<name>@<alias>`, each with an optional sub-path inside the model (null when none).
 */
export type RegisteredModelUri = {
  kind: 'models';
  uri: string;
  name: string;
  subPath: string | null;
} & RegisteredModelSelector;

/** `models:/<model_id>`: an MLflow 3 logged model (`m-…`), one segment without `@`. */
export interface LoggedModelUri {
  kind: 'model-id';
  uri: string;
  modelId: string;
}

/** Any other scheme (`s3://`, `gs://`, `mlflow-artifacts:/`, `http(s)://`, `dbfs:/` …): an artifact location. */
export interface ArtifactModelUri {
  kind: 'artifact';
  uri: string;
  scheme: string;
}

/** A parsed model URI (model-format.md §9). */
export type ModelUri = LocalModelUri | RunsModelUri | RegisteredModelUri | LoggedModelUri | ArtifactModelUri;
