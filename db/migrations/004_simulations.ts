import type { Kysely } from 'kysely';

/**
 * Simulation runs and saved scenarios live in the database, not in process memory, so several API
 * instances sharing one PostgreSQL can all report a run's progress, return its result, cancel it
 * (a flag the running instance polls) and list the same scenarios. JSON bodies are text on both engines.
 * `heartbeat_at` is the running instance's lease: it is refreshed every few seconds, and readers
 * treat a `running` row whose heartbeat is stale as failed (its instance died).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('simulation_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pathway_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | failed | cancelled
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('heartbeat_at', 'bigint')
    .execute();
  await db.schema.createIndex('simulation_runs_created').on('simulation_runs').column('created_at').execute();

  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pathway_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
}

/** Drops the two tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scenarios').execute();
  await db.schema.dropTable('simulation_runs').execute();
}
