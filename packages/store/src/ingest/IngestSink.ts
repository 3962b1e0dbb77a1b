import type { CaseRun, ExistingCase } from './CaseRun.ts';

/** An event row waiting to be written; `run.id` is resolved when the sink flushes. */
export interface PendingEvent {
  run: CaseRun;
  seq: number;
  occurredAt: number;
  eventCode: number | null;
  fromCode: number | null;
  toCode: number;
  clientEventId: string | null;
  /** 1 for an imported move the pathway lacks (eventCode null), else 0. */
  outsidePathway: number;
}

/** A stay waiting to be written (closed, or open at the end of the ingest). */
export interface PendingInterval {
  run: CaseRun;
  stageCode: number;
  enteredAt: number;
  exitedAt: number | null;
  nextCode: number | null;
  exitEventCode: number | null;
  entryEventCode: number | null;
}

/**
 * The port each database implements for bulk ingest (the ingest's steps decide what to write): one transaction around the whole ingest,
 * buffered batch inserts, and an undo for a rejected case in partial mode. Stage and event names
 * arrive as their `names` codes (see NameRepository).
 */
export interface IngestSink {
  begin(): Promise<void>;
  lookupCase(ref: string): Promise<ExistingCase | undefined> | ExistingCase | undefined;
  /**
   * Optional: looks up many refs in one round trip before their rows are reached, so lookupCase
   * answers from memory (for engines where each lookup is a network round trip).
   */
  prefetchCases?(refs: string[]): Promise<void>;
  /** A new case; whenever the sink writes its row it sets `run.settledSeq` (see finalCaseWrite, undoPlan). */
  addCase(run: CaseRun): void;
  /** Positional (no object per row on the hot path). */
  addEvent(
    run: CaseRun,
    seq: number,
    occurredAt: number,
    eventCode: number | null,
    fromCode: number | null,
    toCode: number,
    clientEventId: string | null,
    /** 1 for an imported move the pathway lacks (stored flagged, eventCode null), else 0. */
    outsidePathway: number,
  ): void;
  /** Positional, like addEvent. */
  addInterval(
    run: CaseRun,
    stageCode: number,
    enteredAt: number,
    exitedAt: number | null,
    nextCode: number | null,
    exitEventCode: number | null,
    entryEventCode: number | null,
  ): void;
  /** Closes the stay that was open in the store before the ingest. */
  closeStoredInterval(run: CaseRun, exitedAt: number, nextCode: number, exitEventCode: number | null): void;
  /**
   * The case has had no rows for a long stretch of the log and probably has no more: a sink that
   * writes case rows at the end may write this one now (and update it at the end if it changed).
   */
  settleCase(run: CaseRun): void;
  /** Writes buffers when they are full (cheap to call per row). */
  maybeFlush(): Promise<void> | undefined;
  flush(): Promise<void>;
  /** Writes each run's final position and attributes onto its case row. */
  finishCases(runs: CaseRun[]): Promise<void>;
  /** Removes everything this ingest wrote for a case and restores a pre-existing one. */
  undoCase(run: CaseRun): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
