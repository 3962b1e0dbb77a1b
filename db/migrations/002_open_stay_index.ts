import type { Kysely } from 'kysely';

/**
 * Finding a case's open stay (`case_id = ? AND exited_at IS NULL`) is on every move; with the index
 * on case_id alone it walked all of a long-lived case's stays. Both engines index NULLs in a btree,
 * so (case_id, exited_at) answers it directly and still serves lookups by case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('stage_intervals_case').execute();
  await db.schema
    .createIndex('stage_intervals_case_open')
    .on('stage_intervals')
    .columns(['case_id', 'exited_at'])
    .execute();
}

/** Restores the single-column index. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('stage_intervals_case_open').execute();
  await db.schema.createIndex('stage_intervals_case').on('stage_intervals').column('case_id').execute();
}
