import { CODED_ATTRIBUTES } from '../schema.ts';
import type { Store } from '../store.ts';

/** A stay as a raw row: [id, caseId, stage, enteredAt, exitedAt, nextStage, exitEvent, entryEvent]. */
export type StayTuple = [
  number,
  number,
  string,
  number,
  number | null,
  string | null,
  string | null,
  string | null,
];
/** A record-only event as a raw row: [id, caseId, event, occurredAt]. */
export type RecordEventTuple = [number, number, string, number];
/** A case's coded attributes as a raw row: [id, ...values in CODED_ATTRIBUTES order]. */
export type CaseAttributesTuple = [number, ...(string | null)[]];

/** One window of record-only events with the ids it could not see (PostgreSQL commits out of order). */
export interface RecordEventWindow {
  rows: RecordEventTuple[];
  /** Ids in the window that were not visible (skipped by a concurrent or rolled-back insert). */
  missing: number[];
  /** The range was read up to this id: the next window starts after it. */
  scannedTo: number;
}

const STAY_COLUMNS =
  'id, case_id, stage_code, entered_at, exited_at, next_code, exit_event_code, entry_event_code';
const ATTRIBUTE_COLUMNS = `id, ${CODED_ATTRIBUTES.join(', ')}`;
// A window larger than this is not searched for invisible ids (as LiveIndex: not concurrent commits).
const MAX_MISSING = 1000;

const n = (v: unknown): number => Number(v);
const nn = (v: unknown): number | null => (v === null ? null : Number(v));

/**
 * Lean reads for the analytics index: stays without the case join, only record-only events
 * (`from_code = to_code`), and case attributes once per case, as raw row arrays in large pages.
 * Joining every stay and event with its case and building row objects made loading 10M events
 * take minutes; this reads each table once with no join.
 */
export class AnalyticsReadRepository {
  /** True when ids become visible in id order (SQLite: one writer), so no id can appear late. */
  readonly idsVisibleInOrder: boolean;
  /** Attribute names, in the order caseAttributes rows carry their values after the id. */
  readonly attributeNames: readonly string[] = CODED_ATTRIBUTES;

  constructor(private readonly store: Pick<Store, 'engine' | 'sqlite' | 'pool' | 'names'>) {
    this.idsVisibleInOrder = store.engine === 'sqlite';
  }

  /** Stays with id > afterId in id order, at most `limit`. */
  async stays(afterId: number, limit: number): Promise<StayTuple[]> {
    const text = `SELECT ${STAY_COLUMNS} FROM stage_intervals WHERE id > ? ORDER BY id LIMIT ?`;
    const rows = await this.rows(text, [afterId, limit]);
    const name = await this.store.names.decoder(rows, [2, 5, 6, 7]);
    const pg = this.store.engine !== 'sqlite';
    for (const r of rows) {
      if (pg) {
        r[0] = n(r[0]);
        r[1] = n(r[1]);
        r[3] = n(r[3]);
        r[4] = nn(r[4]);
      }
      r[2] = name(r[2]);
      r[5] = name(r[5]);
      r[6] = name(r[6]);
      r[7] = name(r[7]);
    }
    return rows as StayTuple[];
  }

  /** The largest event id now visible (0 when there are none): the upper bound of one catch-up. */
  async maxEventId(): Promise<number> {
    const rows = await this.rows('SELECT max(id) FROM case_events', []);
    return rows[0]?.[0] == null ? 0 : n(rows[0][0]);
  }

  /**
   * Record-only events (the stage is unchanged; `events` narrows the names when given) with
   * afterId < id <= upTo, in id order, at most `limit`; `scannedTo` is the id up to which the range
   * was read. On PostgreSQL it reads a window of ids and reports, in the same statement (one
   * snapshot), the ids in it that are not visible yet, so a late commit is re-read, not lost.
   */
  async recordEvents(
    afterId: number,
    upTo: number,
    limit: number,
    events?: readonly string[],
  ): Promise<RecordEventWindow> {
    // Names no published pathway uses cannot occur in the log.
    const codes =
      events && events.length > 0
        ? (await Promise.all(events.map((e) => this.store.names.codeOf(e)))).filter((c) => c !== undefined)
        : undefined;
    if (codes?.length === 0) return { rows: [], missing: [], scannedTo: upTo };
    if (this.store.engine === 'sqlite') {
      const filter = codes ? ` AND event_code IN (${codes.map(() => '?').join(', ')})` : '';
      const text =
        'SELECT id, case_id, event_code, occurred_at FROM case_events ' +
        `WHERE id > ? AND id <= ? AND from_code = to_code AND event_code IS NOT NULL${filter} ORDER BY id LIMIT ?`;
      const rows = await this.rows(text, [afterId, upTo, ...(codes ?? []), limit]);
      const name = await this.store.names.decoder(rows, [2]);
      for (const r of rows) r[2] = name(r[2]);
      const scannedTo = rows.length < limit ? upTo : (rows[rows.length - 1]![0] as number);
      return { rows: rows as RecordEventTuple[], missing: [], scannedTo };
    }
    // Every visible row of the window is walked for id steps; only record-only rows, steps > 1 and
    // the last visible row come back.
    const hi = Math.min(upTo, afterId + limit * 4);
    const rec = codes ? 'from_code = to_code AND event_code = ANY($3::integer[])' : 'from_code = to_code';
    const text =
      'SELECT id, case_id, event_code, occurred_at, rec, step, last FROM (' +
      `SELECT id, case_id, event_code, occurred_at, coalesce(${rec} AND event_code IS NOT NULL, false) AS rec, ` +
      'id - lag(id, 1, $1::bigint) OVER (ORDER BY id) AS step, lead(id) OVER (ORDER BY id) IS NULL AS last ' +
      'FROM case_events WHERE id > $1 AND id <= $2) w WHERE rec OR step > 1 OR last ORDER BY id';
    const raw = await this.rows(text, codes ? [afterId, hi, codes] : [afterId, hi]);
    const name = await this.store.names.decoder(raw, [2]);
    const rows: RecordEventTuple[] = [];
    const missing: number[] = [];
    let lastVisible = afterId;
    for (const r of raw) {
      const id = n(r[0]);
      const step = n(r[5]);
      if (step > 1 && step <= MAX_MISSING) for (let g = id - step + 1; g < id; g++) missing.push(g);
      if (r[4] === true) rows.push([id, n(r[1]), name(r[2])!, n(r[3])]);
      lastVisible = id;
    }
    if (hi - lastVisible <= MAX_MISSING) for (let g = lastVisible + 1; g <= hi; g++) missing.push(g);
    return { rows, missing, scannedTo: hi };
  }

  /** Coded attributes of the given cases (any order). */
  async caseAttributes(ids: readonly number[]): Promise<CaseAttributesTuple[]> {
    const out: CaseAttributesTuple[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      // rows() numbers `?` for PostgreSQL.
      const marks = chunk.map(() => '?').join(', ');
      const rows = await this.rows(`SELECT ${ATTRIBUTE_COLUMNS} FROM cases WHERE id IN (${marks})`, chunk);
      for (const r of rows) {
        r[0] = n(r[0]);
        out.push(r as CaseAttributesTuple);
      }
    }
    return out;
  }

  /** Coded attributes of cases with afterId < id <= upTo in id order, at most `limit` (keyset pages). */
  async caseAttributesRange(afterId: number, upTo: number, limit: number): Promise<CaseAttributesTuple[]> {
    const text = `SELECT ${ATTRIBUTE_COLUMNS} FROM cases WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`;
    const rows = await this.rows(text, [afterId, upTo, limit]);
    if (this.store.engine !== 'sqlite') for (const r of rows) r[0] = n(r[0]);
    return rows as CaseAttributesTuple[];
  }

  /** Runs a query and returns rows as arrays (`?` placeholders are numbered for PostgreSQL). */
  private async rows(text: string, params: unknown[]): Promise<unknown[][]> {
    const { sqlite, pool } = this.store;
    if (sqlite)
      return sqlite
        .prepare(text)
        .raw(true)
        .all(...params) as unknown[][];
    if (!pool) throw new Error('store has neither a SQLite handle nor a PostgreSQL pool');
    let k = 0;
    const numbered = text.replace(/\?/g, () => `$${++k}`);
    const res = await pool.query({ text: numbered, values: params, rowMode: 'array' });
    return res.rows as unknown[][];
  }
}
