import type { Kysely } from 'kysely';

/**
 * Large imports as jobs (issue 16): `POST /api/imports` keeps the uploaded canonical log in
 * `import_chunks` (text pieces of about 1 MiB, in order) and records the import in `import_jobs`;
 * a worker (any process sharing the database) ingests it and writes the report, deleting the chunks
 * in the same transaction. `attempt` is the job start that owns it (as simulation_runs.attempt).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed
    .addColumn('format', 'text', (c) => c.notNull()) // csv | ndjson
    .addColumn('mode', 'text', (c) => c.notNull()) // atomic | partial
    .addColumn('pathway_id', 'text')
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('attempt', 'integer')
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createTable('import_chunks')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_chunks_pk', ['job_id', 'seq'])
    .execute();
}

/** Drops the two tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_chunks').execute();
  await db.schema.dropTable('import_jobs').execute();
}
