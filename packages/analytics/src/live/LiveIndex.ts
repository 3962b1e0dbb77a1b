import { dayOfMs } from '../calendar/dayNumber.ts';
import { IntervalIndex } from '../columnar/IntervalIndex.ts';
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
  /** Rows per page of the lean reads (default 50,000). */
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
   * The lean reads the index loads and catches up through (stays without the case join, only
   * record-only events, attributes once per case), e.g. the store's AnalyticsReadRepository; the
   * joined scans of the source only re-read id gaps.
   */
  lean: LeanAnalyticsSource;
}

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
  private readonly lean: LeanAnalyticsSource;

  constructor(
    private readonly source: AnalyticsSource,
    private readonly options: LiveIndexOptions,
  ) {
    this.lean = options.lean;
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
    const now = (this.options.now ?? Date.now)();
    const timeout = this.options.gapTimeoutMs ?? 120_000;
    const recordEvents = this.options.recordEvents ? new Set(this.options.recordEvents()) : null;
    const index = this.index;

    await retryGaps(
      this.intervalGaps,
      now,
      timeout,
      (afterId, n) => this.source.intervals.scan({ afterId, limit: n }),
      (row) => this.addInterval(row),
    );
    await retryGaps(
      this.eventGaps,
      now,
      timeout,
      (afterId, n) => this.source.cases.scanEvents({ afterId, limit: n }),
      (row) => this.addEvent(row, recordEvents),
    );

    await this.catchUpLean(now, recordEvents);
    const threshold = this.options.compactAfter ?? Math.max(100_000, index.compactedLength / 8);
    if (index.length - index.compactedLength >= threshold) index.compact();
    return index;
  }

  /**
   * Catch-up through the lean reads: new stays (no join), new record-only events, then the current
   * coded attributes of just the cases those rows belong to (each case once).
   */
  private async catchUpLean(now: number, recordEvents: ReadonlySet<string> | null): Promise<void> {
    const { index, lean } = this;
    const limit = this.options.pageSize ?? 50_000;
    const touched = new TouchedCases();
    for (;;) {
      const rows = await lean.stays(index.lastIntervalId, limit);
      for (const r of rows) {
        const id = r[0];
        noteGaps(this.intervalGaps, index.lastIntervalId, id, now);
        this.addStay(r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
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
          index.addRecordEvent(r[1], r[2], dayOfMs(r[3]));
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
    const { caseId, stage, enteredAt, exitedAt, nextStage, exitEvent, entryEvent, attributes } = row;
    this.addStay(caseId, stage, enteredAt, exitedAt, nextStage, exitEvent, entryEvent, attributes);
  }

  /** One stay into the index, times in epoch ms (both catch-up paths). */
  private addStay(
    caseKey: number,
    stage: string,
    enteredAt: number,
    exitedAt: number | null,
    nextStage: string | null,
    exitEvent: string | null,
    entryEvent: string | null,
    attributes?: Record<string, string | null>,
  ): void {
    this.index.addStay({
      caseKey,
      stage,
      entered: dayOfMs(enteredAt),
      exited: exitedAt === null ? null : dayOfMs(exitedAt),
      nextStage,
      exitEvent,
      entryEvent,
      ...(attributes ? { attributes } : {}),
    });
  }

  private addEvent(row: StoreEventRow, recordEvents: ReadonlySet<string> | null): void {
    if (row.event === null || row.fromStage !== row.toStage) return;
    if (recordEvents !== null && !recordEvents.has(row.event)) return;
    const index = this.index;
    index.addRecordEvent(row.caseId, row.event, dayOfMs(row.occurredAt));
    index.setAttributes(index.caseIndexOf(row.caseId), row.attributes);
  }
}

/** Remembers the ids skipped between the last one read and `id` (not when the jump is too large to be a gap). */
function noteGaps(gaps: Map<number, number>, last: number, id: number, now: number): void {
  if (id - last > MAX_GAP) return;
  for (let gap = last + 1; gap < id; gap++) gaps.set(gap, now);
}

/**
 * Re-reads ids that were missing when later ones were visible (PostgreSQL commits out of id order):
 * one query per run of consecutive ids, not one per id, since a refused import can leave a thousand.
 * An id found is added; one still missing after `timeout` is given up (a rolled-back insert).
 */
async function retryGaps<R extends { id: number }>(
  gaps: Map<number, number>,
  now: number,
  timeout: number,
  scan: (afterId: number, limit: number) => Promise<readonly R[]>,
  add: (row: R) => void,
): Promise<void> {
  const ids = [...gaps.keys()].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    // The run's visible ids are the smallest after its start, so `length` rows hold them all.
    for (const row of await scan(ids[i]! - 1, ids[j]! - ids[i]! + 1)) {
      if (!gaps.has(row.id)) continue;
      add(row);
      gaps.delete(row.id);
    }
    i = j + 1;
  }
  for (const [id, since] of gaps) if (now - since > timeout) gaps.delete(id);
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
