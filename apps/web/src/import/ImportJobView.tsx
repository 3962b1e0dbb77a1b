import type { ImportJob } from '@continuum/contracts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import {
  getImport,
  IMPORT_POLL_MS,
  importFormatName,
  importUnderWay,
  uploadInterrupted,
} from './importJobs.ts';
import { ImportReport } from './ImportReport.tsx';
import { LogImportReport } from './LogImportReport.tsx';
import { usePolled } from './usePolled.ts';

const STEPS = {
  receiving: 'its files are still being received',
  queued: 'waiting for a worker',
  running: 'importing',
} as const;

/**
 * One background import opened from the list or just queued: followed (read again every 1.5 s)
 * while it is under way, then its report, the same one `POST /api/ingest` gives for the same files
 * (an event log sent as the body: the store's report), or why it failed; an upload cut off is said
 * to be. A failed read is shown (with Try again) under what was last read, and while the import is
 * under way it is tried again every 1.5 s.
 */
export function ImportJobView({ id }: { id: string }) {
  const {
    data: job,
    error,
    reload,
  } = usePolled((signal) => getImport(id, signal), importUnderWay, id, IMPORT_POLL_MS);
  if (job === undefined)
    return error === undefined ? <Loading what="the import" /> : <ErrorNote error={error} onRetry={reload} />;
  return (
    <>
      <JobState job={job} retrying={error !== undefined && importUnderWay(job)} />
      {error !== undefined && <ErrorNote error={error} onRetry={reload} />}
    </>
  );
}

/** Where an import stands as last read: under way (`retrying`: its last read failed), ended, or cut off. */
function JobState({ job, retrying }: { job: ImportJob; retrying: boolean }) {
  const what = `${job.files.length > 0 ? job.files.join(', ') : 'event log'} (${importFormatName(job.format)})`;
  if (uploadInterrupted(job))
    return (
      <div className="import-refused" role="alert">
        <strong>Upload interrupted.</strong> {what}: its files stopped coming in before all of them were
        received (the server taking them may have stopped), so nothing was imported. Upload them again.
      </div>
    );
  if (job.status === 'receiving' || job.status === 'queued' || job.status === 'running')
    return (
      <div className="import-progress import-job" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <span>
          Background import of {what}: {STEPS[job.status]}
          {job.attempt !== null && job.attempt > 1 ? ` (attempt ${job.attempt})` : ''}.{' '}
          {retrying
            ? 'The last check on it failed; trying again.'
            : 'You can leave this page; the report will be in the list below.'}
        </span>
      </div>
    );
  if (job.status === 'failed' || job.report === null)
    return (
      <div className="import-refused" role="alert">
        <strong>{job.error?.title ?? 'The import failed.'}</strong> {what}: {job.error?.detail ?? ''}
      </div>
    );
  return 'quality' in job.report ? (
    <ImportReport report={job.report} />
  ) : (
    <LogImportReport job={job} report={job.report} />
  );
}
