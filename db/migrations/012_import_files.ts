import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Statutory returns as import jobs too (issue 16): `POST /api/imports` also takes the multipart
 * uploads of `POST /api/ingest` (an Annex A workbook, CIN census years, SSDA903 tables or XML). Each
 * file is stored as it streams in, as binary pieces of about 1 MiB in `import_file_pieces` (an
 * Annex A workbook is not text), keyed by the import, the file's place in the upload and the piece;
 * `import_jobs.files` lists the files (form field, name, extension, size) as JSON, null for a
 * canonical log sent as the body (whose text stays in `import_chunks`). `extract_date` and
 * `outside_pathway` are the upload's options; `counts` is the outcome in numbers for the list of
 * imports (JSON), written with the report. The worker deletes the pieces with the outcome, as the
 * chunks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // SQLite adds one column per statement.
  for (const column of ['files', 'extract_date', 'outside_pathway', 'counts'])
    await db.schema.alterTable('import_jobs').addColumn(column, 'text').execute();
  await db.schema
    .createTable('import_file_pieces')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('file', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', pg ? sql`bytea` : sql`blob`, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_file_pieces_pk', ['job_id', 'file', 'seq'])
    .execute();
  // The list of imports reads the newest first.
  await db.schema.createIndex('import_jobs_created').on('import_jobs').column('created_at').execute();
}

/** Drops the pieces table, the index and the columns (imports of files are dropped with them). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from import_jobs where files is not null`.execute(db);
  await db.schema.dropIndex('import_jobs_created').execute();
  await db.schema.dropTable('import_file_pieces').execute();
  for (const column of ['counts', 'outside_pathway', 'extract_date', 'files'])
    await db.schema.alterTable('import_jobs').dropColumn(column).execute();
}
