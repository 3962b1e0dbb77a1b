import type { IngestUploadResponse, QualityLine } from '@continuum/contracts';
import { useState } from 'react';
import { saveText } from '../exports/saveFile.ts';
import { formatCount as fmt } from '../ui/formatCount.ts';
import { useRevealedHeading } from './useRevealedHeading.ts';

const OUTCOME_LABELS: Record<QualityLine['outcome'], string> = {
  rejected: 'Rejected',
  outside_pathway: 'Outside the pathway',
  merged: 'Merged',
  note: 'Note',
};

/**
 * The report of one import: whether anything was stored, every source row (or XML element) by
 * outcome with totals that add up, the events the store was given, the rows not imported as they
 * stood, and the data-quality report to download as CSV.
 */
export function ImportReport({ report }: { report: IngestUploadResponse }) {
  const [showAll, setShowAll] = useState(false);
  const heading = useRevealedHeading();
  const { source, events } = report;
  const problems = report.quality.lines.filter(
    (l) => l.outcome === 'rejected' || l.outcome === 'outside_pathway',
  );
  const shown = showAll ? report.quality.lines : problems;
  const unit = source?.unit === 'elements' ? 'elements' : 'rows';
  // What the files would put in the store, when nothing was stored (an atomic refusal).
  const imported = report.committed ? 'imported' : 'importable';
  return (
    <section className="import-report" aria-labelledby="import-report-title">
      <h2 id="import-report-title" ref={heading} tabIndex={-1}>
        {!report.committed
          ? 'Nothing was stored'
          : events.imported > 0
            ? 'Imported'
            : 'Nothing new to import'}{' '}
        <span className="import-format">
          {report.files.join(', ')} ({report.format}, {report.mode})
        </span>
      </h2>
      {!report.committed && (
        <p className="import-refused" role="status">
          {report.mode === 'atomic'
            ? 'Atomic mode stores nothing when any row is rejected. Fix the rows below, or import again keeping the valid cases (partial).'
            : 'The import was refused.'}
        </p>
      )}
      {source && (
        <>
          <p className="import-sum" data-testid="source-sum">
            Every source {unit === 'elements' ? 'element' : 'row'} accounted for: {fmt(source.read)} read ={' '}
            {fmt(source.imported)} {imported} + {fmt(source.merged)} merged + {fmt(source.notStored)} not
            stored + {fmt(source.outsidePathway)} outside the pathway + {fmt(source.rejected)} rejected.
          </p>
          <p className="hint">
            {fmt(source.children)} children in the files
            {source.continued > 0
              ? `, ${fmt(source.continued)} already stored (continued from where they stood)`
              : ''}
            {source.gaps > 0
              ? `, ${fmt(source.gaps)} of them could not continue by a move of the pathway`
              : ''}
            .
          </p>
          <table className="import-counts">
            <caption>Source {unit} by outcome</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Part</th>
                <th scope="col">Read</th>
                <th scope="col">{report.committed ? 'Imported' : 'Importable'}</th>
                <th scope="col">Merged</th>
                <th scope="col">Not stored</th>
                <th scope="col">Outside the pathway</th>
                <th scope="col">Rejected</th>
              </tr>
            </thead>
            <tbody>
              {source.parts.map((p) => (
                <tr key={`${p.file}:${p.part}`}>
                  <td className="import-file">{p.file}</td>
                  <td>
                    {p.part}
                    {p.problem ? <span className="import-problem"> ({p.problem})</span> : null}
                  </td>
                  <td>{fmt(p.read)}</td>
                  <td>{fmt(p.imported)}</td>
                  <td>{fmt(p.merged)}</td>
                  <td>{fmt(p.notStored)}</td>
                  <td>{fmt(p.outsidePathway)}</td>
                  <td className={p.rejected > 0 ? 'import-bad' : undefined}>{fmt(p.rejected)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td>{fmt(source.read)}</td>
                <td>{fmt(source.imported)}</td>
                <td>{fmt(source.merged)}</td>
                <td>{fmt(source.notStored)}</td>
                <td>{fmt(source.outsidePathway)}</td>
                <td className={source.rejected > 0 ? 'import-bad' : undefined}>{fmt(source.rejected)}</td>
              </tr>
            </tfoot>
          </table>
        </>
      )}
      <p className="import-sum" data-testid="events-sum">
        {report.ingest === null
          ? `Events: ${fmt(events.rows)} made from the files; none stored (atomic: a source ${unit === 'elements' ? 'element' : 'row'} was rejected).`
          : `${source ? 'Events' : 'Rows'}: ${fmt(events.rows)} = ${fmt(events.imported)} imported + ${fmt(events.skipped)} already recorded + ${fmt(events.rejected)} not stored${
              events.rejected > 0
                ? ` (${fmt(events.refused)} refused, ${fmt(events.dropped)} dropped with them)`
                : ''
            }${
              report.ingest.outsidePathwayRows > 0
                ? `; ${fmt(report.ingest.outsidePathwayRows)} of the imported flagged outside the pathway`
                : ''
            }; cases created ${fmt(report.ingest.casesCreated)}, updated ${fmt(report.ingest.casesUpdated)}.`}
      </p>
      {Object.keys(source?.outsidePathwayMoves ?? {}).length > 0 && (
        <p className="hint">
          Moves outside the pathway ({report.outsidePathway === 'flag' ? 'stored flagged' : 'rejected'}, never
          bridged with invented stays):{' '}
          {Object.entries(source!.outsidePathwayMoves)
            .map(([move, n]) => `${move.replace(' -> ', ' → ')} ${fmt(n)}`)
            .join(', ')}
          .
        </p>
      )}
      <div className="import-quality-bar">
        <h3>Data-quality report</h3>
        <span className="hint">
          {fmt(report.quality.total)} line{report.quality.total === 1 ? '' : 's'}
          {problems.length > 0 ? `, ${fmt(problems.length)} rejected or outside the pathway` : ''}
        </span>
        <button
          type="button"
          className="primary"
          onClick={() => saveText('quality-report.csv', report.quality.csv)}
          disabled={report.quality.total === 0}
        >
          Download quality report (CSV)
        </button>
        {report.quality.lines.length > problems.length && (
          <label className="import-toggle">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show
            merged rows and notes too
          </label>
        )}
      </div>
      {shown.length === 0 ? (
        <p className="hint">No row was rejected or left outside the pathway.</p>
      ) : (
        <div className="import-lines">
          <table className="import-rejected">
            <caption>
              {showAll ? 'Report lines' : 'Rows not imported as they stood'}
              {report.quality.total > report.quality.lines.length
                ? ` (the first ${fmt(report.quality.lines.length)}; the CSV has all ${fmt(report.quality.total)})`
                : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Part</th>
                <th scope="col">Row</th>
                <th scope="col">Field</th>
                <th scope="col">Outcome</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((l, i) => (
                // Lines have no id; their order is the report's and does not change while shown.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <tr key={i}>
                  <td className="import-file">{l.file}</td>
                  <td>{l.part}</td>
                  <td>{l.row}</td>
                  <td>{l.field}</td>
                  <td className={l.outcome === 'rejected' ? 'import-bad' : undefined}>
                    {OUTCOME_LABELS[l.outcome]}
                  </td>
                  <td>{l.problem}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
