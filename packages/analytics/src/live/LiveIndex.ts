import { IntervalIndex } from '../index/IntervalIndex.ts';

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
  /** Rows per scan page. */
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

  constructor(
    private readonly source: AnalyticsSource,
    private readonly options: LiveIndexOptions,
  ) {}

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
    const threshold = this.options.compactAfter ?? Math.max(100_000, index.compactedLength / 8);
    if (index.length - index.compactedLength >= threshold) index.compact();
    return index;
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
