import { CODED_ATTRIBUTES } from '../schema.ts';
import type { AnalyticsRows } from '../engines/DatabaseAdapter.ts';
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

  private readonly db: AnalyticsRows;

  constructor(private readonly store: Pick<Store, 'adapter' | 'names'>) {
    this.db = store.adapter.analytics;
    this.idsVisibleInOrder = this.db.idsVisibleInOrder;
  }

  /** Stays with id > afterId in id order, at most `limit`. */
  async stays(afterId: number, limit: number): Promise<StayTuple[]> {
    const text = `SELECT ${STAY_COLUMNS} FROM stage_intervals WHERE id > ? ORDER BY id LIMIT ?`;
    const rows = await this.db.rows(text, [afterId, limit]);
    const name = await this.store.names.decoder(rows, [2, 5, 6, 7]);
    for (const r of rows) {
      r[0] = n(r[0]);
      r[1] = n(r[1]);
      r[3] = n(r[3]);
      r[4] = nn(r[4]);
      r[2] = name(r[2]);
      r[5] = name(r[5]);
      r[6] = name(r[6]);
      r[7] = name(r[7]);
    }
    return rows as StayTuple[];
  }

  /** The largest event id now visible (0 when there are none): the upper bound of one catch-up. */
  async maxEventId(): Promise<number> {
    const rows = await this.db.rows('SELECT max(id) FROM case_events', []);
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
    const window = await this.db.recordEventRows(afterId, upTo, limit, codes);
    const name = await this.store.names.decoder(window.rows, [2]);
    for (const r of window.rows) r[2] = name(r[2]);
    return { rows: window.rows as RecordEventTuple[], missing: window.missing, scannedTo: window.scannedTo };
  }

  /** Coded attributes of the given cases (any order). */
  async caseAttributes(ids: readonly number[]): Promise<CaseAttributesTuple[]> {
    const out: CaseAttributesTuple[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const marks = chunk.map(() => '?').join(', ');
      const rows = await this.db.rows(`SELECT ${ATTRIBUTE_COLUMNS} FROM cases WHERE id IN (${marks})`, chunk);
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
    const rows = await this.db.rows(text, [afterId, upTo, limit]);
    for (const r of rows) r[0] = n(r[0]);
    return rows as CaseAttributesTuple[];
  }
}
