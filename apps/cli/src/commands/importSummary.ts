import type { AnnexAListReport } from '@continuum/formats';
import { eventSummary } from '@continuum/api';
import type { IngestReport } from '@continuum/store';

/** The summary line of `continuum import`: "rows 7: imported 5, duplicates skipped 0, rejected 2 (...)". */
export function summaryLine(report: IngestReport, unit: 'rows' | 'events'): string {
  const s = eventSummary(report);
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

/**
 * One Annex A list's line: every sheet row as imported (`importable` when nothing was written),
 * merged (already recorded), outside the pathway or rejected.
 */
export function listLine(l: AnnexAListReport, imported: 'imported' | 'importable'): string {
  const status = l.problem ? ` - ${l.problem}` : '';
  return `  List ${l.list} ${l.title} [${l.sheet ?? 'missing'}]: rows ${l.rowsRead}: ${imported} ${l.imported}, merged ${l.merged} (already recorded), outside the pathway ${l.outsidePathway}, rejected ${l.rejected}; events ${l.eventsMade}${status}`;
}
