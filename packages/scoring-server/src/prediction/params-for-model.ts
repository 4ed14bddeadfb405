import { isJsonObject } from '../parsing/json-value-type.js';
import type { ScoringLogger } from '../scoring-logger.js';

/**
 * Decides what params reach `predict`. With a ParamSchema the request's params go as they are
 * (enforcement validates them and fills defaults). Without one, MLflow clients still send params
 * (e.g. `{}` or their defaults): they are dropped, not an error, and a warning says so — once per
 * app, so a client that always sends them does not flood the log.
 */
export function createParamsForModel(hasParamSchema: boolean, logger: ScoringLogger) {
  let warned = false;
  return function paramsForModel(params: unknown): unknown {
    if (hasParamSchema) return params;
    if (params === undefined || params === null) return undefined;
    if (isJsonObject(params) && Object.keys(params).length === 0) return undefined;
    if (!warned) {
      warned = true;
      const names = isJsonObject(params) ? Object.keys(params).sort().join(', ') : typeof params;
      logger.warn(
        `Ignoring the request's params (${names}): the model signature defines no params schema. ` +
          `(Logged once; later requests with params are handled the same way silently.)`,
      );
    }
    return undefined;
  };
}
