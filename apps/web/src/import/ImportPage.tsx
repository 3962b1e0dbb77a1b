import type { IngestUploadResponse } from '@continuum/contracts';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import {
  type ChosenFiles,
  defaultOutsidePathway,
  FORMAT_CHOICES,
  type FormatChoice,
  type ImportOptions,
  ingestFormData,
  missingChoice,
  NO_FILES,
} from './importChoices.ts';
import { ImportJobView } from './ImportJobView.tsx';
import { ImportReport } from './ImportReport.tsx';
import { RecentImports } from './RecentImports.tsx';
import { refusedReport, type UploadProgress, uploadIngest } from './uploadIngest.ts';
import './import.css';

type Status =
  | { kind: 'idle' }
  | { kind: 'sending'; progress: UploadProgress }
  | { kind: 'done'; report: IngestUploadResponse }
  | { kind: 'failed'; error: unknown; report?: IngestUploadResponse };

const SSDA903_TABLES = [
  { field: 'episodes', label: 'Episodes (required)', hint: 'CHILD, DECOM, RNE, LS, PLACE, DEC, REC' },
  { field: 'header', label: 'Header', hint: 'CHILD, SEX, DOB: gives sex and age band' },
  { field: 'careLeavers', label: 'Care leavers (OC3)', hint: 'children who leave care as care leavers' },
] as const;

/**
 * The Import page (roles that may write cases): pick the format or let it be recognised, the files
 * (several census years; the SSDA903 tables), the options, upload with progress, then the report;
 * or queue the upload as a background import (`POST /api/imports`) and follow it. The recent
 * background imports are listed below, each opening its report.
 */
export function ImportPage() {
  const [options, setOptions] = useState<ImportOptions>({ format: 'auto', mode: 'atomic', extractDate: '' });
  const [files, setFiles] = useState<ChosenFiles>(NO_FILES);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [inputsKey, setInputsKey] = useState(0);
  const [uploads, setUploads] = useState(0);
  const [background, setBackground] = useState(false);
  /** The background import shown below the form (just queued, or opened from the list). */
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  /** Bumped after each upload, so the list is read again. */
  const [listed, setListed] = useState(0);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const choice = FORMAT_CHOICES.find((c) => c.value === options.format)!;
  const missing = missingChoice(options, files);
  const outside = options.outsidePathway ?? defaultOutsidePathway(options.format);
  const sending = status.kind === 'sending';

  const setFormat = (format: FormatChoice) => {
    setOptions((o) => ({ ...o, format, outsidePathway: undefined }));
    setFiles(NO_FILES);
    setInputsKey((k) => k + 1);
    // The last report was for other files: a new format starts a new import.
    setStatus({ kind: 'idle' });
  };
  const pick = (field: keyof ChosenFiles) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(e.target.files ?? [])];
    setFiles((f) => ({ ...f, [field]: chosen }));
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (missing || sending) return;
    const controller = new AbortController();
    abort.current = controller;
    setStatus({ kind: 'sending', progress: { phase: 'uploading', loaded: 0, total: 0 } });
    setUploads((n) => n + 1);
    setOpenId(undefined);
    const onProgress = (progress: UploadProgress) => setStatus({ kind: 'sending', progress });
    try {
      if (background) {
        const queued = await uploadIngest<{ id: string }>(
          ingestFormData(options, files),
          onProgress,
          controller.signal,
          '/api/imports',
        );
        setStatus({ kind: 'idle' });
        setOpenId(queued.id);
      } else {
        const report = await uploadIngest(ingestFormData(options, files), onProgress, controller.signal);
        setStatus({ kind: 'done', report });
      }
    } catch (error) {
      if (controller.signal.aborted) setStatus({ kind: 'idle' });
      else setStatus({ kind: 'failed', error, report: refusedReport(error) });
    }
    setListed((n) => n + 1);
  };
  const open = (id: string) => {
    setStatus({ kind: 'idle' });
    setOpenId(id);
  };

  const fileInput = (field: keyof ChosenFiles, label: string, hint: string, multiple: boolean) => (
    <div className="field import-files" key={field}>
      <label htmlFor={`import-${field}`}>{label}</label>
      <input
        id={`import-${field}`}
        type="file"
        accept={choice.accept}
        multiple={multiple}
        onChange={pick(field)}
        disabled={sending}
      />
      <span className="hint">{hint}</span>
    </div>
  );

  return (
    <div className="import-screen">
      <div className="import-body">
        <h1>Import</h1>
        <p className="hint import-intro">
          Statutory returns (CIN census, SSDA903), an Ofsted Annex A workbook or a canonical event log. Child
          ids are pseudonymised as they are read; names, birth dates, UPNs and postcodes are never stored.
          Importing the same files again adds nothing.
        </p>
        <form key={`inputs-${inputsKey}`} className="import-form" onSubmit={submit} aria-label="Import files">
          <div className="field">
            <label htmlFor="import-format">Format</label>
            <select
              id="import-format"
              value={options.format}
              onChange={(e) => setFormat(e.target.value as FormatChoice)}
              disabled={sending}
            >
              {FORMAT_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          {options.format === 'ssda903' ? (
            <fieldset className="import-tables">
              <legend>SSDA903 tables (several years at once are fine)</legend>
              {SSDA903_TABLES.map((t) => fileInput(t.field, t.label, t.hint, true))}
            </fieldset>
          ) : (
            fileInput(
              'file',
              options.format === 'cin' || options.format === 'auto' ? 'Files' : 'File',
              options.format === 'auto'
                ? 'Several CIN census years, or an SSDA903 episodes table with its header, may go together.'
                : options.format === 'cin'
                  ? 'One XML file per census year; children are merged across years.'
                  : 'One file.',
              options.format === 'cin' || options.format === 'auto',
            )
          )}
          <fieldset className="import-mode">
            <legend>If a row is rejected</legend>
            <label>
              <input
                type="radio"
                name="mode"
                value="atomic"
                checked={options.mode === 'atomic'}
                onChange={() => setOptions((o) => ({ ...o, mode: 'atomic' }))}
                disabled={sending}
              />{' '}
              Store nothing (atomic)
            </label>
            <label>
              <input
                type="radio"
                name="mode"
                value="partial"
                checked={options.mode === 'partial'}
                onChange={() => setOptions((o) => ({ ...o, mode: 'partial' }))}
                disabled={sending}
              />{' '}
              Keep the valid cases (partial)
            </label>
          </fieldset>
          <fieldset className="import-mode">
            <legend>If the files record a move the pathway does not have</legend>
            <label>
              <input
                type="radio"
                name="outsidePathway"
                value="flag"
                checked={outside === 'flag'}
                onChange={() => setOptions((o) => ({ ...o, outsidePathway: 'flag' }))}
                disabled={sending}
              />{' '}
              Store it as recorded, flagged outside the pathway
            </label>
            <label>
              <input
                type="radio"
                name="outsidePathway"
                value="reject"
                checked={outside === 'reject'}
                onChange={() => setOptions((o) => ({ ...o, outsidePathway: 'reject' }))}
                disabled={sending}
              />{' '}
              Reject its row
            </label>
            {outside === undefined && (
              <span className="hint">
                Default: flag for the returns and Annex A, reject for an event log.
              </span>
            )}
          </fieldset>
          {(options.format === 'annex-a' || options.format === 'auto') && (
            <div className="field">
              <label htmlFor="import-extract-date">Annex A extract date</label>
              <input
                id="import-extract-date"
                type="date"
                value={options.extractDate}
                onChange={(e) => setOptions((o) => ({ ...o, extractDate: e.target.value }))}
                disabled={sending}
              />
              <span className="hint">Open rows end here; blank: the latest date in the workbook.</span>
            </div>
          )}
          <div className="field import-background">
            <label htmlFor="import-background">Import in the background</label>
            <input
              id="import-background"
              type="checkbox"
              checked={background}
              onChange={(e) => setBackground(e.target.checked)}
              disabled={sending}
            />
            <span className="hint">
              For large files: the upload is stored and a worker imports it; you can leave the page and open
              its report from the list below.
            </span>
          </div>
          <div className="import-actions">
            <button type="submit" className="primary" disabled={missing !== undefined || sending}>
              {background ? 'Upload and queue' : 'Upload and import'}
            </button>
            {sending && (
              <button type="button" onClick={() => abort.current?.abort()}>
                Cancel
              </button>
            )}
            {missing && !sending && <span className="hint">{missing}</span>}
          </div>
          {sending && <UploadBar progress={status.progress} queueing={background} />}
        </form>
        {status.kind === 'failed' && !status.report && <ErrorNote error={status.error} />}
        {status.kind === 'failed' && status.report && (
          <ImportReport key={`report-${uploads}`} report={status.report} />
        )}
        {status.kind === 'done' && <ImportReport key={`report-${uploads}`} report={status.report} />}
        {openId !== undefined && <ImportJobView key={openId} id={openId} />}
        <RecentImports refresh={listed} openId={openId} onOpen={open} />
      </div>
    </div>
  );
}

/** The upload's progress: bytes sent, then the server reading and importing (or queueing) the files. */
function UploadBar({ progress, queueing }: { progress: UploadProgress; queueing: boolean }) {
  const percent = progress.total > 0 ? Math.round((100 * progress.loaded) / progress.total) : undefined;
  const importing = progress.phase === 'importing';
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <progress
        aria-label={importing ? 'Importing' : 'Uploading'}
        max={100}
        value={importing ? undefined : percent}
      />
      <span>
        {importing
          ? queueing
            ? 'Uploaded; queueing…'
            : 'Uploaded; importing…'
          : percent === undefined
            ? 'Uploading…'
            : `Uploading ${percent}%`}
      </span>
    </div>
  );
}
