import type { CaseRun } from './CaseRun.ts';
import { type IngestReport, MAX_LISTED_REJECTIONS, type RejectedRow } from './IngestReport.ts';

/**
 * The report as rows stream by: counts every row once, lists the first rejections, and knows
 * whether anything will be written (atomic mode stops writing at the first rejection).
 */
export class IngestTally {
  readonly report: IngestReport;
  /** False once an atomic ingest has a rejection: nothing more is sent to the sink. */
  writing = true;
  private readonly started = performance.now();

  constructor(mode: IngestReport['mode']) {
    this.report = {
      mode,
      committed: false,
      rows: 0,
      acceptedRows: 0,
      outsidePathwayRows: 0,
      rejectedRows: 0,
      discardedRows: 0,
      duplicateRows: 0,
      casesCreated: 0,
      casesUpdated: 0,
      casesRejected: 0,
      rejected: [],
      rejectedNotListed: 0,
      durationMs: 0,
    };
  }

  /** Counts a refused row. */
  reject(row: RejectedRow): void {
    const report = this.report;
    report.rejectedRows++;
    if (report.rejected.length < MAX_LISTED_REJECTIONS) report.rejected.push(row);
    else report.rejectedNotListed++;
    if (report.mode === 'atomic') this.writing = false;
  }

  /** The final report once the ingest committed (or rolled back): cases counted from their runs. */
  finish(runs: Iterable<CaseRun>, committed: boolean): IngestReport {
    const report = this.report;
    report.committed = committed;
    let rejectedNew = 0;
    let updated = 0;
    let accepted = 0;
    let flagged = 0;
    let discarded = 0;
    for (const x of runs) {
      if (x.rejectedAt !== undefined) {
        if (!x.existing) rejectedNew++;
        continue;
      }
      accepted += x.acceptedRows;
      flagged += x.flaggedRows;
      // Only stored cases that gained an event changed: one whose rows were all duplicates did not.
      if (x.existing && x.acceptedRows > 0) updated++;
    }
    if (committed) {
      report.acceptedRows = accepted;
      report.outsidePathwayRows = flagged;
      report.casesCreated -= rejectedNew;
      report.casesUpdated = updated;
    } else {
      discarded = accepted;
      report.discardedRows += discarded;
      report.acceptedRows = 0;
      report.casesCreated = 0;
      report.casesUpdated = 0;
    }
    report.durationMs = Math.round(performance.now() - this.started);
    return report;
  }
}
