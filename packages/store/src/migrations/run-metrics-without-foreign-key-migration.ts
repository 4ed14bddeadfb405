import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';

/**
 * PostgreSQL only (ADR 0012): the metric history loses its foreign key to `runs`, whose
 * row-by-row trigger cost half of a 1000-point log-batch. Every metric write checks its runs in
 * the same statement or transaction (`postgres-metric-writes.ts`), and deleting a run still
 * deletes its history, by a trigger. SQLite keeps the foreign key: there it is an in-process
 * index lookup.
 */
export function createRunMetricsWithoutForeignKeyMigration(options: { dialect: DatabaseDialect }): Migration {
  async function up(db: Kysely<unknown>): Promise<void> {
    if (options.dialect !== 'postgres') return;
    await sql`alter table run_metrics drop constraint if exists run_metrics_run_uuid_fkey`.execute(db);
    // The function runs with the search_path it was created with: the history of this schema's runs.
    await sql`create function millrace_delete_run_metrics() returns trigger language plpgsql
      set search_path from current
      as $$ begin delete from run_metrics where run_uuid = old.run_uuid; return old; end $$`.execute(db);
    await sql`create trigger runs_delete_run_metrics after delete on runs
      for each row execute function millrace_delete_run_metrics()`.execute(db);
  }

  async function down(db: Kysely<unknown>): Promise<void> {
    if (options.dialect !== 'postgres') return;
    await sql`drop trigger if exists runs_delete_run_metrics on runs`.execute(db);
    await sql`drop function if exists millrace_delete_run_metrics()`.execute(db);
    await sql`delete from run_metrics where run_uuid not in (select run_uuid from runs)`.execute(db);
    await sql`alter table run_metrics add constraint run_metrics_run_uuid_fkey
      foreign key (run_uuid) references runs (run_uuid) on delete cascade`.execute(db);
  }

  return { up, down };
}
