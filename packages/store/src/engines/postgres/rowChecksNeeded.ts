import type pg from 'pg';

/** Whether an ingest runs the foreign keys' per-row checks ('always') or may replace them ('auto'). */
export type RowChecks = 'auto' | 'always';

/**
 * Decides, inside the ingest's transaction, whether the per-row foreign-key checks must run: they
 * may be skipped (and checked once as sets instead, see integritySql) only when this role may set
 * `session_replication_role` (a superuser, or `GRANT SET ON PARAMETER session_replication_role`)
 * and the three tables have no trigger of their own that the setting would silence as well.
 */
export async function rowChecksNeeded(client: pg.PoolClient, mode: RowChecks): Promise<boolean> {
  if (mode === 'always') return true;
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger
      WHERE tgrelid IN ('cases'::regclass, 'case_events'::regclass, 'stage_intervals'::regclass) AND NOT tgisinternal`,
  );
  if (rows[0]!.n > 0) return true;
  await client.query('SAVEPOINT continuum_row_checks');
  try {
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query('SET LOCAL session_replication_role = origin');
    await client.query('RELEASE SAVEPOINT continuum_row_checks');
    return false;
  } catch {
    // Not permitted (42501): undo the savepoint and keep the checks.
    await client.query('ROLLBACK TO SAVEPOINT continuum_row_checks');
    await client.query('RELEASE SAVEPOINT continuum_row_checks');
    return true;
  }
}
