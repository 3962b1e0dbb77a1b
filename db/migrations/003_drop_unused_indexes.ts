import type { Kysely } from 'kysely';

/**
 * Analytics, calibration and exports read stays and events through keyset scans by id (see
 * docs/store-api.md), so these two indexes served no query while costing a btree insert on every
 * event and stay; bulk ingest is faster without them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('case_events_occurred').execute();
  await db.schema.dropIndex('stage_intervals_stage').execute();
}

/** Recreates them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('case_events_occurred').on('case_events').column('occurred_at').execute();
  await db.schema
    .createIndex('stage_intervals_stage')
    .on('stage_intervals')
    .columns(['stage', 'entered_at'])
    .execute();
}
