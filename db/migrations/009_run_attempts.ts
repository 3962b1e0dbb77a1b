import type { Kysely } from 'kysely';

/**
 * Simulation runs are jobs (issue 16): `attempt` is the start of the job that owns the run now
 * (1 the first time; 2 or more after the worker running it died and another started it again from
 * the beginning). Progress, heartbeats and the final write of an earlier start are refused, so a
 * worker that was given up for dead cannot overwrite the run. Null: never started by a worker yet
 * (queued, or recorded before this migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('simulation_runs').addColumn('attempt', 'integer').execute();
}

/** Drops the column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('simulation_runs').dropColumn('attempt').execute();
}
