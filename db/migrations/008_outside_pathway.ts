import { type Kysely, sql } from 'kysely';

const NAMED_VIEW = sql`CREATE VIEW case_events_named AS
    SELECT e.id, e.case_id, e.seq, e.occurred_at, e.recorded_at, ne.name AS event, nf.name AS from_stage,
      nt.name AS to_stage, e.client_event_id, e.outside_pathway
    FROM case_events e LEFT JOIN names ne ON ne.id = e.event_code LEFT JOIN names nf ON nf.id = e.from_code
      JOIN names nt ON nt.id = e.to_code`;

/**
 * Imported history may record a move the pathway lacks (decision 9): it is stored as the move the
 * source records, flagged `outside_pathway = 1` (no event: the pathway has none for it), instead of
 * being bridged with invented stays. Live moves never set it, so every row so far is 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW case_events_named`.execute(db);
  await db.schema
    .alterTable('case_events')
    .addColumn('outside_pathway', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await NAMED_VIEW.execute(db);
}

/** Drops the flag (and the view's column). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW case_events_named`.execute(db);
  await db.schema.alterTable('case_events').dropColumn('outside_pathway').execute();
  await sql`CREATE VIEW case_events_named AS
    SELECT e.id, e.case_id, e.seq, e.occurred_at, e.recorded_at, ne.name AS event, nf.name AS from_stage,
      nt.name AS to_stage, e.client_event_id
    FROM case_events e LEFT JOIN names ne ON ne.id = e.event_code LEFT JOIN names nf ON nf.id = e.from_code
      JOIN names nt ON nt.id = e.to_code`.execute(db);
}
