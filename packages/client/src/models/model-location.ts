import { MillraceError, parseModelUri } from '@millrace/core';
import { MLMODEL_FILE_NAME } from '@millrace/core';
import { joinArtifactPath } from '../artifacts/artifact-location.js';
import type { LoggedModel } from '../entities/logged-model.js';
import type { MlflowClient } from '../tracking/mlflow-client.js';

/** Where a model URI's files are on the tracking server: an artifact URI and a path inside it. */
export interface ModelLocation {
  /** An artifact URI the tracking server serves (`mlflow-artifacts:/…`). */
  artifactUri: string;
  /** A path inside it (a sub-path of the URI), or undefined for the whole of it. */
  path?: string;
  /** The logged model the files belong to, when known. */
  modelId?: string;
  /** The run that produced the model, when known. */
  runId?: string;
}

/** How deep a registry source pointing at another model URI may nest before it is called a loop. */
const MAX_INDIRECTIONS = 4;

function withContext(uri: string, error: unknown): unknown {
  if (!MillraceError.isInstance(error)) return error;
  return new MillraceError(error.errorCode, `Cannot resolve model URI '${uri}': ${error.message}`, {
    httpStatus: error.httpStatus,
    cause: error,
  });
}

function quoteFilterValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The newest logged model of a run with a given name (MLflow 3 `runs:/<run>/<name>` URIs). */
async function runLoggedModel(
  client: MlflowClient,
  experimentId: string,
  runId: string,
  name: string,
): Promise<LoggedModel | undefined> {
  let page;
  try {
    page = await client.searchLoggedModels([experimentId], {
      filterString: `name = ${quoteFilterValue(name)}`,
    });
  } catch (error) {
    // A server without logged models (MLflow 2): the run's artifacts are all there is.
    if (MillraceError.isInstance(error) && error.errorCode === 'ENDPOINT_NOT_FOUND') return undefined;
    throw error;
  }
  return page.items
    .filter((model) => model.sourceRunId === runId && model.name === name)
    .sort((left, right) => right.creationTimestamp - left.creationTimestamp)[0];
}

async function locateRunsUri(
  client: MlflowClient,
  runId: string,
  artifactPath: string | null,
): Promise<ModelLocation> {
  const run = await client.getRun(runId);
  const root = run.info.artifactUri;
  if (artifactPath === null) return { artifactUri: root, runId };
  const entries = await client.artifactRepository(root).list(artifactPath);
  if (entries.some((entry) => entry.path === joinArtifactPath(artifactPath, MLMODEL_FILE_NAME))) {
    return { artifactUri: root, path: artifactPath, runId };
  }
  const [first = '', ...rest] = artifactPath.split('/');
  const model = await runLoggedModel(client, run.info.experimentId, runId, first);
  if (model !== undefined) {
    const inside = rest.join('/');
    return {
      artifactUri: model.artifactUri,
      ...(inside === '' ? {} : { path: inside }),
      modelId: model.modelId,
      runId,
    };
  }
  if (entries.length > 0) return { artifactUri: root, path: artifactPath, runId };
  throw MillraceError.notFound(
    `run ${runId} has no artifacts at '${artifactPath}' and no logged model named '${first}'.`,
  );
}

async function registeredVersion(
  client: MlflowClient,
  parsed: Extract<ReturnType<typeof parseModelUri>, { kind: 'models' }>,
): Promise<string> {
  switch (parsed.selector) {
    case 'version':
      return parsed.version;
    case 'alias':
      return (await client.getModelVersionByAlias(parsed.name, parsed.alias)).version;
    case 'latest': {
      const versions = await client.getLatestVersions(parsed.name);
      const latest = versions
        .map((version) => Number(version.version))
        .sort((left, right) => right - left)[0];
      if (latest === undefined) {
        throw MillraceError.notFound(`registered model '${parsed.name}' has no versions.`);
      }
      return String(latest);
    }
    case 'stage': {
      const versions = await client.getLatestVersions(parsed.name, [parsed.stage]);
      const latest = versions
        .map((version) => Number(version.version))
        .sort((left, right) => right - left)[0];
      if (latest === undefined) {
        throw MillraceError.notFound(
          `No versions of model with name '${parsed.name}' and stage '${parsed.stage}' found`,
        );
      }
      return String(latest);
    }
  }
}

async function locate(client: MlflowClient, uri: string, depth: number): Promise<ModelLocation> {
  if (depth > MAX_INDIRECTIONS) {
    throw MillraceError.invalidParameterValue(
      `the model sources form a chain longer than ${MAX_INDIRECTIONS} URIs.`,
    );
  }
  const parsed = parseModelUri(uri);
  switch (parsed.kind) {
    case 'runs':
      return locateRunsUri(client, parsed.runId, parsed.artifactPath);
    case 'model-id': {
      let model: LoggedModel;
      try {
        model = await client.getLoggedModel(parsed.modelId);
      } catch (error) {
        if (
          MillraceError.isInstance(error) &&
          error.errorCode === 'RESOURCE_DOES_NOT_EXIST' &&
          !parsed.modelId.startsWith('m-')
        ) {
          throw new MillraceError(
            error.errorCode,
            `${error.message} A models:/ URI with one segment names a logged model id (m-…); for a registered ` +
              `model give a version, 'latest' or an alias: models:/${parsed.modelId}/latest.`,
            { httpStatus: error.httpStatus },
          );
        }
        throw error;
      }
      return {
        artifactUri: model.artifactUri,
        modelId: model.modelId,
        ...(model.sourceRunId === undefined ? {} : { runId: model.sourceRunId }),
      };
    }
    case 'models': {
      const version = await registeredVersion(client, parsed);
      const downloadUri = await client.getModelVersionDownloadUri(parsed.name, version);
      const inner = parseModelUri(downloadUri);
      const location: ModelLocation =
        inner.kind === 'runs' || inner.kind === 'models' || inner.kind === 'model-id'
          ? await locate(client, downloadUri, depth + 1)
          : { artifactUri: downloadUri };
      if (parsed.subPath === null) return location;
      return { ...location, path: joinArtifactPath(location.path, parsed.subPath) };
    }
    case 'artifact':
      return { artifactUri: uri };
    case 'local':
      throw MillraceError.invalidParameterValue(`'${uri}' is a local path, not a tracking server location.`);
  }
}

/**
 * Where the files of a model URI are on the tracking server (MLflow's resolution sequences,
 * tracking-api.md §4.1): `runs:/<run>/<path>` (run artifacts, else the run's logged model of that
 * name), `models:/<name>/<version|latest|stage>`, `models:/<name>@<alias>`, `models:/<m-id>`, and
 * served artifact URIs. Failures keep the server's error code, with the URI in the message.
 */
export async function locateModel(client: MlflowClient, uri: string): Promise<ModelLocation> {
  try {
    return await locate(client, uri, 0);
  } catch (error) {
    throw withContext(uri, error);
  }
}
