import { MillraceError } from '@millrace/core';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { readSafeInteger } from '../int64.js';
import { findHighestVersionRecord } from './model-versions.js';
import type { ModelVersion } from './registry-entities.js';
import {
  findModelVersionRecord,
  findRegisteredModelRow,
  loadModelVersion,
  registeredModelNotFound,
} from './registry-loading.js';
import { validateAliasName, validateRegisteredModelName } from './registry-validation.js';

/** Points an alias at an existing version, re-pointing it if it is set; bumps the model's update time. */
export async function setRegisteredModelAlias(
  context: SqlStoreContext,
  name: string,
  alias: string,
  version: string,
): Promise<void> {
  validateRegisteredModelName(name);
  validateAliasName(alias);
  await context.db.transaction().execute(async (transaction) => {
    const record = await findModelVersionRecord(transaction, name, version);
    await transaction
      .insertInto('registered_model_aliases')
      .values({
        registered_model_id: readSafeInteger(record.registered_model_id),
        alias,
        version: readSafeInteger(record.version),
      })
      .onConflict((conflict) =>
        conflict
          .columns(['registered_model_id', 'alias'])
          .doUpdateSet((expressions) => ({ version: expressions.ref('excluded.version') })),
      )
      .execute();
    await transaction
      .updateTable('registered_models')
      .set({ last_updated_time: context.now() })
      .where('registered_model_id', '=', record.registered_model_id)
      .execute();
  });
}

/** Deleting an alias that is not set is a no-op (the model must exist). */
export async function deleteRegisteredModelAlias(
  context: SqlStoreContext,
  name: string,
  alias: string,
): Promise<void> {
  validateRegisteredModelName(name);
  validateAliasName(alias);
  await context.db.transaction().execute(async (transaction) => {
    const row = await findRegisteredModelRow(transaction, name);
    const result = await transaction
      .deleteFrom('registered_model_aliases')
      .where('registered_model_id', '=', row.registered_model_id)
      .where('alias', '=', alias)
      .executeTakeFirst();
    if (result.numDeletedRows > 0n) {
      await transaction
        .updateTable('registered_models')
        .set({ last_updated_time: context.now() })
        .where('registered_model_id', '=', row.registered_model_id)
        .execute();
    }
  });
}

/**
 * The version an alias points at, with its aliases. An unknown alias is INVALID_PARAMETER_VALUE
 * (400, as MLflow answers). `latest` (any case), which cannot be set, is the highest version
 * (MLflow 3.6 answers the first entry of get-latest-versions instead, whatever its number).
 */
export async function getModelVersionByAlias(
  context: SqlStoreContext,
  name: string,
  alias: string,
): Promise<ModelVersion> {
  validateRegisteredModelName(name);
  const target = await context.db
    .selectFrom('registered_model_aliases')
    .innerJoin(
      'registered_models',
      'registered_models.registered_model_id',
      'registered_model_aliases.registered_model_id',
    )
    .select('registered_model_aliases.version')
    .where('registered_models.name', '=', name)
    .where('registered_model_aliases.alias', '=', alias)
    .executeTakeFirst();
  if (target !== undefined) {
    return loadModelVersion(
      context.db,
      await findModelVersionRecord(context.db, name, String(readSafeInteger(target.version))),
    );
  }
  if (alias.toLowerCase() === 'latest') {
    const model = await context.db
      .selectFrom('registered_models')
      .select('registered_model_id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (model === undefined) throw registeredModelNotFound(name);
    const highest = await findHighestVersionRecord(context.db, readSafeInteger(model.registered_model_id));
    if (highest === undefined) {
      throw new MillraceError(
        'RESOURCE_DOES_NOT_EXIST',
        `Registered Model with name=${name} has no versions`,
      );
    }
    return loadModelVersion(context.db, highest);
  }
  throw new MillraceError('INVALID_PARAMETER_VALUE', `Registered model alias ${alias} not found.`);
}
