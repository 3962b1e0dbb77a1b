import type BetterSqlite3 from 'better-sqlite3';
import type { AnalyticsRows } from '../DatabaseAdapter.ts';

/** The analytics reads on SQLite: one writer, so ids become visible in id order and no window has gaps. */
export function sqliteAnalyticsRows(db: BetterSqlite3.Database): AnalyticsRows {
  const rows = async (text: string, params: unknown[]): Promise<unknown[][]> =>
    db
      .prepare(text)
      .raw(true)
      .all(...params) as unknown[][];
  return {
    idsVisibleInOrder: true,
    rows,
    async recordEventRows(afterId, upTo, limit, codes) {
      const filter = codes ? ` AND event_code IN (${codes.map(() => '?').join(', ')})` : '';
      const text =
        'SELECT id, case_id, event_code, occurred_at FROM case_events ' +
        `WHERE id > ? AND id <= ? AND from_code = to_code AND event_code IS NOT NULL${filter} ORDER BY id LIMIT ?`;
      const found = await rows(text, [afterId, upTo, ...(codes ?? []), limit]);
      const scannedTo = found.length < limit ? upTo : (found[found.length - 1]![0] as number);
      return { rows: found, missing: [], scannedTo };
    },
  };
}
