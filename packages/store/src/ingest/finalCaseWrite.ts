import type { CaseRun } from './CaseRun.ts';

/**
 * How a kept case's row reaches its final position at the end of an ingest, for either database:
 * a stored case is updated; a new case whose row is not written yet is inserted; a new case
 * written earlier (`settledSeq`) is updated only if a later row changed it (every change comes
 * with an accepted row, which moves `seq` on).
 */
export function finalCaseWrite(run: CaseRun): 'insert' | 'update' | 'none' {
  if (run.existing) return 'update';
  if (run.settledSeq === undefined) return 'insert';
  return run.settledSeq === run.seq ? 'none' : 'update';
}
