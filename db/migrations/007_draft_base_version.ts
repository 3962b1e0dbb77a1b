import { type Kysely, sql } from 'kysely';

/**
 * A draft records the published version it was started from (`base_version`; 0 = the pathway had
 * none), so publishing a draft that a newer version overtook can be refused instead of silently
 * undoing that version. Drafts saved before this migration get the newest version published at or
 * before their last save: the version they were, most plausibly, edited from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pathway_drafts').addColumn('base_version', 'integer').execute();
  await sql`UPDATE pathway_drafts SET base_version = COALESCE((
      SELECT MAX(v.version) FROM pathway_versions v
      WHERE v.pathway_id = pathway_drafts.pathway_id AND v.published_at <= pathway_drafts.updated_at
    ), 0)`.execute(db);
}

/** Drops the column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pathway_drafts').dropColumn('base_version').execute();
}
