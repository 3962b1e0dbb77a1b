import { type Kysely, sql } from 'kysely';

/**
 * Backtests are jobs too (issue 16): they are stored as runs in `simulation_runs` beside simulation
 * runs, with the same lease, attempt, progress and cancel columns, and told apart by `kind`
 * (`simulation` or `backtest`). Rows written before this migration are simulation runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('simulation_runs')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('simulation'))
    .execute();
}

/** Drops the column (and the backtests with it: they would read as simulation runs). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from simulation_runs where kind <> 'simulation'`.execute(db);
  await db.schema.alterTable('simulation_runs').dropColumn('kind').execute();
}
