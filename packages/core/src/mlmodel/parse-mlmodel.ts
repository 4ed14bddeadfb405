import { parse as parseYaml, type Tags } from 'yaml';
import { MillraceError } from '../errors/millrace-error.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { formatMLmodelIssues, mlmodelSchema } from './mlmodel-schema.js';
import type { MLmodel } from './mlmodel-types.js';

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

/** YAML 1.1 as PyYAML reads it, except that unquoted timestamps stay strings. */
function withoutTimestamps(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || tag.tag !== TIMESTAMP_TAG);
}

/**
 * Parses MLmodel YAML (YAML 1.1, as PyYAML writes it) and checks MLflow's fields; unknown keys
 * are kept. `flavors` defaults to `{}`; absent parts of `signature` become null.
 */
export function parseMLmodel(yamlText: string): MLmodel {
  let document: unknown;
  try {
    document = parseYaml(yamlText, { version: '1.1', customTags: withoutTimestamps, uniqueKeys: false });
  } catch (error) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Failed to parse MLmodel: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isPlainObject(document)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      'Failed to parse MLmodel: the document must be a YAML mapping.',
    );
  }
  const result = mlmodelSchema.safeParse(document);
  if (!result.success) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid MLmodel: ${formatMLmodelIssues(result.error)}`,
    );
  }
  return result.data as MLmodel;
}
