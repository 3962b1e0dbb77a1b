import type { AnnexAListReport } from '@continuum/formats';
import type { IngestReport } from '@continuum/store';

/** Every input row counted once: rows = imported + skipped + rejected. */
export interface ImportSummary {
  rows: number;
  /** Rows written. */
  imported: number;
  /** Rows already recorded (their event_id is stored for the case): nothing to do. */
  skipped: number;
  /** Rows not written: refused with a reason, or dropped with their rejected case / the rolled-back import. */
  rejected: number;
  /** Of `rejected`: the rows refused themselves (each listed with its reason). */
  refused: number;
  /** Of `rejected`: valid rows not written because their case was rejected or the atomic import rolled back. */
  dropped: number;
}

/** The ingest report as the three outcomes a person checks the import by, adding up to the rows read. */
export function importSummary(report: IngestReport): ImportSummary {
  return {
    rows: report.rows,
    imported: report.acceptedRows,
    skipped: report.duplicateRows,
    rejected: report.rejectedRows + report.discardedRows,
    refused: report.rejectedRows,
    dropped: report.discardedRows,
  };
}

/** The summary line of `continuum import`: "rows 7: imported 5, duplicates skipped 0, rejected 2 (...)". */
export function summaryLine(report: IngestReport, unit: 'rows' | 'events'): string {
  const s = importSummary(report);
  const why =
    s.dropped === 0
      ? ''
      : ` (${s.refused} refused, ${s.dropped} ${
          report.committed
            ? `valid ${s.dropped === 1 ? 'row' : 'rows'} dropped with a rejected case`
            : 'not written: the atomic import rolled back'
        })`;
  const flagged =
    report.outsidePathwayRows > 0
      ? ` (${report.outsidePathwayRows} of them flagged outside the pathway)`
      : '';
  return `${unit} ${s.rows}: imported ${s.imported}${flagged}, duplicates skipped ${s.skipped}, rejected ${s.rejected}${why}`;
}

/** One Annex A list's line: every sheet row as imported, merged (already recorded), outside the pathway or rejected. */
export function listLine(l: AnnexAListReport): string {
  const status = l.problem ? ` - ${l.problem}` : '';
  return `  List ${l.list} ${l.title} [${l.sheet ?? 'missing'}]: rows ${l.rowsRead}: imported ${l.imported}, merged ${l.merged} (already recorded), outside the pathway ${l.outsidePathway}, rejected ${l.rejected}; events ${l.eventsMade}${status}`;
}
