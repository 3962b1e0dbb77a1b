import type pg from 'pg';
import type { AnalyticsRows } from '../DatabaseAdapter.ts';

// A window larger than this is not searched for invisible ids (as LiveIndex: not concurrent commits).
const MAX_MISSING = 1000;

const n = (v: unknown): number => Number(v);

/**
 * The analytics reads on PostgreSQL: transactions commit out of id order, so a window of record
 * events also reports, in the same statement (one snapshot), the ids in it not visible yet.
 */
export function postgresAnalyticsRows(pool: pg.Pool): AnalyticsRows {
  const rows = async (text: string, params: unknown[]): Promise<unknown[][]> => {
    let k = 0;
    const numbered = text.replace(/\?/g, () => `$${++k}`);
    const res = await pool.query({ text: numbered, values: params, rowMode: 'array' });
    return res.rows as unknown[][];
  };
  return {
    idsVisibleInOrder: false,
    rows,
    async recordEventRows(afterId, upTo, limit, codes) {
      // Every visible row of the window is walked for id steps; only record-only rows, steps > 1
      // and the last visible row come back.
      const hi = Math.min(upTo, afterId + limit * 4);
      const rec = codes ? 'from_code = to_code AND event_code = ANY($3::integer[])' : 'from_code = to_code';
      const text =
        'SELECT id, case_id, event_code, occurred_at, rec, step, last FROM (' +
        `SELECT id, case_id, event_code, occurred_at, coalesce(${rec} AND event_code IS NOT NULL, false) AS rec, ` +
        'id - lag(id, 1, $1::bigint) OVER (ORDER BY id) AS step, lead(id) OVER (ORDER BY id) IS NULL AS last ' +
        'FROM case_events WHERE id > $1 AND id <= $2) w WHERE rec OR step > 1 OR last ORDER BY id';
      const res = await pool.query({
        text,
        values: codes ? [afterId, hi, codes] : [afterId, hi],
        rowMode: 'array',
      });
      const found: unknown[][] = [];
      const missing: number[] = [];
      let lastVisible = afterId;
      for (const r of res.rows as unknown[][]) {
        const id = n(r[0]);
        const step = n(r[5]);
        if (step > 1 && step <= MAX_MISSING) for (let g = id - step + 1; g < id; g++) missing.push(g);
        if (r[4] === true) found.push([id, n(r[1]), r[2], n(r[3])]);
        lastVisible = id;
      }
      if (hi - lastVisible <= MAX_MISSING) for (let g = lastVisible + 1; g <= hi; g++) missing.push(g);
      return { rows: found, missing, scannedTo: hi };
    },
  };
}
