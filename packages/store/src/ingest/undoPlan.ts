import type { CaseRun } from './CaseRun.ts';

/** What removing a rejected case's rows (partial mode) deletes and restores, for either database. */
export interface UndoPlan {
  caseId: number;
  /** Delete the case's events after this seq (0 for a new case: all of them). */
  eventsAfterSeq: number;
  /** Delete the case's stays with a larger id (0 for a new case: all of them). */
  staysAfterId: number;
  /** The stored stay this ingest closed, to open again (null: none). */
  reopenStayId: number | null;
  /** Delete the case row (a new case whose row was written). */
  deleteCase: boolean;
}

/**
 * The undo of one rejected case: everything this ingest wrote for it goes, and a case that was
 * stored before is left as it was (its row is only rewritten by finishCases, which skips rejected
 * cases); a new case's row exists once the sink has written it (`settledSeq`).
 */
export function undoPlan(run: CaseRun): UndoPlan | undefined {
  if (run.id === undefined) return undefined;
  const ex = run.existing;
  return {
    caseId: run.id,
    eventsAfterSeq: ex ? ex.lastSeq : 0,
    staysAfterId: ex ? ex.maxIntervalId : 0,
    reopenStayId: ex ? ex.openIntervalId : null,
    deleteCase: !ex && run.settledSeq !== undefined,
  };
}
