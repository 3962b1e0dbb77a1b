import type { ImportJobSummary } from '@continuum/contracts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { formatCount as fmt } from '../ui/formatCount.ts';
import { Loading } from '../ui/Loading.tsx';
import {
  IMPORT_POLL_MS,
  LISTED,
  importFormatName,
  importStatusLabel,
  importUnderWay,
  listImports,
  uploadInterrupted,
} from './importJobs.ts';
import { usePolled } from './usePolled.ts';
import './recentImports.css';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

/** What was uploaded: the files' names, or the event log sent as the body. */
const whatOf = (job: ImportJobSummary) => (job.files.length > 0 ? job.files.join(', ') : 'Event log');

/**
 * The recent background imports (`GET /api/imports`, newest first, by anyone with the page): when,
 * what, format, status, who, and once ended what came in and what was rejected; each opens its
 * report. Read again after an upload (`refresh`) and, while one is under way, every 1.5 s (an upload
 * left `receiving` for long was cut off: shown as interrupted, not waited for).
 */
export function RecentImports({
  refresh,
  openId,
  onOpen,
}: {
  refresh: number;
  openId: string | undefined;
  onOpen: (id: string) => void;
}) {
  const { data, error, reload } = usePolled(
    listImports,
    (imports) => imports.some(importUnderWay),
    refresh,
    IMPORT_POLL_MS,
  );
  return (
    <section className="import-recent" aria-labelledby="import-recent-title">
      <h2 id="import-recent-title">Background imports</h2>
      {error !== undefined && <ErrorNote error={error} onRetry={reload} />}
      {data === undefined ? (
        error === undefined && <Loading what="recent imports" />
      ) : data.length === 0 ? (
        <p className="hint">
          No background imports yet. Large files import best in the background: tick “Import in the
          background” above.
        </p>
      ) : (
        <div className="import-recent-lines">
          <table className="import-recent-table">
            <caption>Newest first{data.length >= LISTED ? ` (the ${LISTED} most recent)` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Files</th>
                <th scope="col">Format</th>
                <th scope="col">Status</th>
                <th scope="col">By</th>
                <th scope="col">Events imported</th>
                <th scope="col">Rejected</th>
                <th scope="col">Report</th>
              </tr>
            </thead>
            <tbody>
              {data.map((job) => {
                const status = importStatusLabel(job);
                const source = job.counts?.source;
                const rejectedCount = source ? source.rejected : (job.counts?.events.rejected ?? 0);
                const rejected = job.counts ? `${fmt(rejectedCount)} ${source ? source.unit : 'rows'}` : '';
                return (
                  <tr key={job.id} className={job.id === openId ? 'import-open' : undefined}>
                    <td className="import-when">{when(job.createdAt)}</td>
                    <td className="import-file">{whatOf(job)}</td>
                    <td>{importFormatName(job.format)}</td>
                    <td>
                      <span
                        className={`import-status import-status-${uploadInterrupted(job) ? 'interrupted' : job.status}`}
                      >
                        {status}
                      </span>
                    </td>
                    <td>{job.by ?? ''}</td>
                    <td className="import-num">{job.counts ? fmt(job.counts.events.imported) : ''}</td>
                    <td className={`import-num${rejectedCount > 0 ? ' import-bad' : ''}`}>{rejected}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => onOpen(job.id)}
                        aria-label={`Open the import of ${whatOf(job)} (${status})`}
                        aria-pressed={job.id === openId}
                      >
                        {importUnderWay(job) ? 'Follow' : 'Open'}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
