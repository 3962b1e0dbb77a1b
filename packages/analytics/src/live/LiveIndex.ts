import { IntervalIndex } from '../index/IntervalIndex.ts';
import type { LeanAnalyticsSource } from './leanSource.ts';

/** A stay as the store's interval scan returns it (times in epoch ms). */
export interface StoreIntervalRow {
  id: number;
  caseId: number;
  stage: string;
  enteredAt: number;
  exitedAt: number | null;
  nextStage: string | null;
  exitEvent: string | null;
  entryEvent: string | null;
  attributes: Record<string, string | null>;
}

/** An event as the store's event scan returns it (times in epoch ms). */
export interface StoreEventRow {
  id: number;
  caseId: number;
  event: string | null;
  occurredAt: number;
  fromStage: string | null;
  toStage: string;
  attributes: Record<string, string | null>;
}

/**
 * The two keyset scans analytics reads (structurally the store's repositories, so this package
 * needs no database code): stays and events in id order after a given id.
 */
export interface AnalyticsSource {
  intervals: { scan(options: { afterId?: number; limit?: number }): Promise<StoreIntervalRow[]> };
  cases: { scanEvents(options: { afterId?: number; limit?: number }): Promise<StoreEventRow[]> };
}

/** Options for a live index. */
export interface LiveIndexOptions {
  /**
   * Record-only event names to keep (e.g. management_oversight); when absent every event that
   * leaves the stage unchanged is kept, so a pathway that adds a record event later loses nothing.
   */
  recordEvents?: () => Iterable<string>;
  /** Rows per page (default 20,000 for the joined scans, 50,000 for the lean reads). */
  pageSize?: number;
  /** How long an id gap is re-checked before it is taken as a rolled-back insert (ms). */
  gapTimeoutMs?: number;
  /**
   * Re-sort stays by exit day (IntervalIndex.compact) once this many have arrived since the last
   * sort; default 100,000 or an eighth of the stays sorted last time, whichever is more. (Open
   * stays always sit behind the sorted part, so they do not count.)
   */
  compactAfter?: number;
  /** Clock, for tests. */
  now?: () => number;
  /**
   * The lean reads (stays without the case join, only record-only events, attributes once per
   * case), e.g. the store's AnalyticsReadRepository. Absent or `null`: only the two joined scans.
   */
  lean?: LeanAnalyticsSource | null;
}

const MS_PER_DAY = 86_400_000;
// Larger jumps are not concurrent commits (e.g. a bulk insert rolled back): not worth re-reading.
const MAX_GAP = 1000;

/**
 * The process-wide analytics index over one store: loaded once, then caught up before each request
 * by scanning ids above the last one seen, so it never replays the log per request and holds only
 * what the database holds (every API instance converges on the same state).
 *
 * PostgreSQL can make a smaller id visible after a larger one (transactions commit out of order),
 * so ids skipped by a scan are remembered and re-read on later refreshes until they appear or time
 * out (a rolled-back insert leaves a permanent gap). A case's own rows commit in order (its moves
 * are serialised), which is the order the index needs.
 */
export class LiveIndex {
  readonly index = new IntervalIndex();
  private pending: Promise<IntervalIndex> | undefined;
  private readonly intervalGaps = new Map<number, number>();
  private readonly eventGaps = new Map<number, number>();
  private readonly lean: LeanAnalyticsSource | null;

  constructor(
    private readonly source: AnalyticsSource,
    private readonly options: LiveIndexOptions,
  ) {
    this.lean = options.lean ?? null;
  }

  /** Catches up with the store; concurrent callers share one catch-up. */
  refresh(): Promise<IntervalIndex> {
    if (!this.pending) {
      this.pending = this.catchUp().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async catchUp(): Promise<IntervalIndex> {
    const limit = this.options.pageSize ?? 20_000;
    const now = (this.options.now ?? Date.now)();
    const timeout = this.options.gapTimeoutMs ?? 120_000;
    const recordEvents = this.options.recordEvents ? new Set(this.options.recordEvents()) : null;
    const index = this.index;

    await this.retryGaps(this.intervalGaps, now, timeout, async (id) => {
      const [row] = await this.source.intervals.scan({ afterId: id - 1, limit: 1 });
      if (row?.id !== id) return false;
      this.addInterval(row);
      return true;
    });
    await this.retryGaps(this.eventGaps, now, timeout, async (id) => {
      const [row] = await this.source.cases.scanEvents({ afterId: id - 1, limit: 1 });
      if (row?.id !== id) return false;
      this.addEvent(row, recordEvents);
      return true;
    });

    if (this.lean) await this.catchUpLean(this.lean, now, recordEvents);
    else await this.catchUpScans(limit, now, recordEvents);
    const threshold = this.options.compactAfter ?? Math.max(100_000, index.compactedLength / 8);
    if (index.length - index.compactedLength >= threshold) index.compact();
    return index;
  }

  /** Catch-up through the store's joined scans (any AnalyticsSource). */
  private async catchUpScans(
    limit: number,
    now: number,
    recordEvents: ReadonlySet<string> | null,
  ): Promise<void> {
    const index = this.index;
    for (;;) {
      const rows = await this.source.intervals.scan({ afterId: index.lastIntervalId, limit });
      for (const row of rows) {
        if (row.id - index.lastIntervalId <= MAX_GAP) {
          for (let gap = index.lastIntervalId + 1; gap < row.id; gap++) this.intervalGaps.set(gap, now);
        }
        this.addInterval(row);
        index.lastIntervalId = row.id;
      }
      if (rows.length < limit) break;
    }
    if (recordEvents === null || recordEvents.size > 0) {
      for (;;) {
        const rows = await this.source.cases.scanEvents({ afterId: index.lastEventId, limit });
        for (const row of rows) {
          if (row.id - index.lastEventId <= MAX_GAP) {
            for (let gap = index.lastEventId + 1; gap < row.id; gap++) this.eventGaps.set(gap, now);
          }
          this.addEvent(row, recordEvents);
          index.lastEventId = row.id;
        }
        if (rows.length < limit) break;
      }
    }
  }

  /**
   * Catch-up through the lean reads: new stays (no join), new record-only events, then the current
   * coded attributes of just the cases those rows belong to (each case once).
   */
  private async catchUpLean(
    lean: LeanAnalyticsSource,
    now: number,
    recordEvents: ReadonlySet<string> | null,
  ): Promise<void> {
    const index = this.index;
    const limit = this.options.pageSize ?? 50_000;
    const touched = new TouchedCases();
    for (;;) {
      const rows = await lean.stays(index.lastIntervalId, limit);
      for (const r of rows) {
        const id = r[0];
        if (id - index.lastIntervalId <= MAX_GAP) {
          for (let gap = index.lastIntervalId + 1; gap < id; gap++) this.intervalGaps.set(gap, now);
        }
        index.addStay({
          caseKey: r[1],
          stage: r[2],
          entered: Math.floor(r[3] / MS_PER_DAY),
          exited: r[4] === null ? null : Math.floor(r[4] / MS_PER_DAY),
          nextStage: r[5],
          exitEvent: r[6],
          entryEvent: r[7],
        });
        touched.add(r[1]);
        index.lastIntervalId = id;
      }
      if (rows.length < limit) break;
    }
    if (recordEvents === null || recordEvents.size > 0) {
      const names = recordEvents === null ? undefined : [...recordEvents];
      const upTo = await lean.maxEventId();
      while (index.lastEventId < upTo) {
        const page = await lean.recordEvents(index.lastEventId, upTo, limit, names);
        for (const id of page.missing) this.eventGaps.set(id, now);
        for (const r of page.rows) {
          index.addRecordEvent(r[1], r[2], Math.floor(r[3] / MS_PER_DAY));
          touched.add(r[1]);
        }
        index.lastEventId = Math.max(index.lastEventId, page.scannedTo);
      }
    }
    await this.loadAttributes(lean, touched, limit);
  }

  /** Sets the current coded attributes of the touched cases: by id when few, else one ranged pass. */
  private async loadAttributes(
    lean: LeanAnalyticsSource,
    touched: TouchedCases,
    limit: number,
  ): Promise<void> {
    if (touched.count === 0) return;
    const names = lean.attributeNames;
    const attributes: Record<string, string | null> = {};
    const apply = (r: readonly (string | number | null)[]) => {
      for (let a = 0; a < names.length; a++) attributes[names[a]!] = (r[a + 1] as string | null) ?? null;
      this.index.setAttributes(this.index.caseIndexOf(r[0] as number), attributes);
    };
    if (touched.count <= 2000) {
      for (const r of await lean.caseAttributes(touched.ids())) apply(r);
      return;
    }
    let after = touched.min - 1;
    for (;;) {
      const rows = await lean.caseAttributesRange(after, touched.max, limit);
      for (const r of rows) if (touched.has(r[0])) apply(r);
      if (rows.length < limit) break;
      after = rows[rows.length - 1]![0];
    }
  }

  private addInterval(row: StoreIntervalRow): void {
    this.index.addStay({
      caseKey: row.caseId,
      stage: row.stage,
      entered: Math.floor(row.enteredAt / MS_PER_DAY),
      exited: row.exitedAt === null ? null : Math.floor(row.exitedAt / MS_PER_DAY),
      nextStage: row.nextStage,
      exitEvent: row.exitEvent,
      entryEvent: row.entryEvent,
      attributes: row.attributes,
    });
  }

  private addEvent(row: StoreEventRow, recordEvents: ReadonlySet<string> | null): void {
    if (row.event === null || row.fromStage !== row.toStage) return;
    if (recordEvents !== null && !recordEvents.has(row.event)) return;
    const index = this.index;
    index.addRecordEvent(row.caseId, row.event, Math.floor(row.occurredAt / MS_PER_DAY));
    index.setAttributes(index.caseIndexOf(row.caseId), row.attributes);
  }

  private async retryGaps(
    gaps: Map<number, number>,
    now: number,
    timeout: number,
    read: (id: number) => Promise<boolean>,
  ): Promise<void> {
    for (const [id, since] of [...gaps]) {
      if (await read(id)) gaps.delete(id);
      else if (now - since > timeout) gaps.delete(id);
    }
  }
}

/** The store ids of cases seen in one catch-up: a set while few, then a bitmap (ids are dense). */
class TouchedCases {
  private small: Set<number> | null = new Set();
  private bits = new Uint8Array(0);
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  add(id: number): void {
    if (this.has(id)) return;
    this.count++;
    if (id < this.min) this.min = id;
    if (id > this.max) this.max = id;
    if (this.small) {
      this.small.add(id);
      if (this.small.size <= 4096) return;
      const all = this.small;
      this.small = null;
      for (const x of all) this.setBit(x);
      return;
    }
    this.setBit(id);
  }

  has(id: number): boolean {
    return this.small ? this.small.has(id) : this.bits[id] === 1;
  }

  ids(): number[] {
    if (this.small) return [...this.small];
    const out: number[] = [];
    for (let id = this.min; id <= this.max; id++) if (this.bits[id] === 1) out.push(id);
    return out;
  }

  private setBit(id: number): void {
    if (id >= this.bits.length) {
      const next = new Uint8Array(Math.max(id + 1, this.bits.length * 2, 1 << 16));
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[id] = 1;
  }
}
