import { MillraceError } from '@millrace/core';
import type { KeyValue } from '../tracking/tracking-entities.js';
import { validateEntityKey, validateLength } from '../validation/entity-validation.js';
import { MODEL_VERSION_STAGES, type ModelVersionStage } from './registry-entities.js';

/** Registry limits (MLflow's SQL store values). */
export const REGISTRY_LIMITS = {
  tagKeyLength: 250,
  tagValueLength: 100_000,
  aliasLength: 255,
  searchRegisteredModelsDefaultMaxResults: 100,
  searchRegisteredModelsMaxResults: 1000,
  searchModelVersionsDefaultMaxResults: 200_000,
  searchModelVersionsMaxResults: 200_000,
} as const;

function missing(parameter: string): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', `Missing value for required parameter '${parameter}'.`);
}

/**
 * Registered model names must not be empty. MLflow 3.6 accepts any other name (`a/b`, `..`), and
 * so does this store, although such names cannot be written in a `models:/` URI.
 */
export function validateRegisteredModelName(name: string, parameter = 'name'): void {
  if (name === '') throw missing(parameter);
}

/** Registered model and model version tags: run-tag key rules, values up to 100000 characters. */
export function validateRegistryTag(tag: KeyValue): void {
  validateEntityKey(tag.key, 'key');
  validateLength(tag.key, 'key', REGISTRY_LIMITS.tagKeyLength);
  validateLength(tag.value, 'value', REGISTRY_LIMITS.tagValueLength);
}

/** A version number given as text: a decimal integer (surrounding spaces allowed, as Python's `int`). */
export function parseVersionNumber(version: string): number {
  const text = version.trim();
  if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Parameter 'version' must be an integer, got '${version}'.`,
    );
  }
  return Number(text);
}

/** A stage in its canonical spelling; input is case-insensitive. */
export function canonicalStage(stage: string): ModelVersionStage {
  const canonical = MODEL_VERSION_STAGES.find((candidate) => candidate.toLowerCase() === stage.toLowerCase());
  if (canonical === undefined) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid Model Version stage: ${stage}. Value must be one of ${MODEL_VERSION_STAGES.join(', ')}.`,
    );
  }
  return canonical;
}

/**
 * Aliases: letters, digits, `_` and `-`, at most 255 characters; `latest` (any case) and
 * `v<digits>` are reserved, since `models:/<name>@latest` and version references mean otherwise.
 */
export function validateAliasName(alias: string): void {
  if (alias === '') {
    throw new MillraceError('INVALID_PARAMETER_VALUE', 'Registered model alias name cannot be empty.');
  }
  if (!/^[\p{L}\p{N}_-]*$/u.test(alias)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid alias name: '${alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`,
    );
  }
  validateLength(alias, 'alias', REGISTRY_LIMITS.aliasLength);
  if (alias.toLowerCase() === 'latest') {
    throw new MillraceError('INVALID_PARAMETER_VALUE', "'latest' alias name (case insensitive) is reserved.");
  }
  if (/^[vV]\d+$/.test(alias)) {
    throw new MillraceError('INVALID_PARAMETER_VALUE', `Version alias name '${alias}' is reserved.`);
  }
}
