import type { ImportJob, IngestStoreReport } from '@continuum/contracts';
import { formatCount as fmt } from '../ui/formatCount.ts';
import { useRevealedHeading } from './useRevealedHeading.ts';

/**
 * The report of a canonical event log imported in the background (sent as the body of
 * `POST /api/imports` by a script): whether anything was stored, every row counted once, and the
 * rows the store refused with its reasons (never a cell's value).
 */
export function LogImportReport({ job, report }: { job: ImportJob; report: IngestStoreReport }) {
  const heading = useRevealedHeading();
  const rejected = report.rejectedRows + report.discardedRows;
  return (
    <section className="import-report" aria-labelledby="import-report-title">
      <h2 id="import-report-title" ref={heading} tabIndex={-1}>
        {!report.committed
          ? 'Nothing was stored'
          : report.acceptedRows > 0
            ? 'Imported'
            : 'Nothing new to import'}{' '}
        <span className="import-format">
          event log ({job.format}, {report.mode})
        </span>
      </h2>
      {!report.committed && (
        <p className="import-refused" role="status">
          Atomic mode stores nothing when any row is rejected. Fix the rows below, or import again keeping the
          valid cases (partial).
        </p>
      )}
      <p className="import-sum" data-testid="events-sum">
        Rows: {fmt(report.rows)} = {fmt(report.acceptedRows)} imported + {fmt(report.duplicateRows)} already
        recorded + {fmt(rejected)} not stored
        {rejected > 0
          ? ` (${fmt(report.rejectedRows)} refused, ${fmt(report.discardedRows)} dropped with them)`
          : ''}
        ; cases created {fmt(report.casesCreated)}, updated {fmt(report.casesUpdated)}.
      </p>
      {report.rejected.length > 0 && (
        <div className="import-lines">
          <table className="import-rejected">
            <caption>
              Rows refused
              {report.rejectedNotListed > 0 ? ` (${fmt(report.rejectedNotListed)} more not listed)` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Field</th>
                <th scope="col">Code</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((r) => (
                <tr key={`${r.row}:${r.code}:${r.field ?? ''}`}>
                  <td>{r.row}</td>
                  <td>{r.field ?? ''}</td>
                  <td className="import-bad">{r.code}</td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
