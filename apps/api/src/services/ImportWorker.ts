import { UPLOAD_STALLED_MS } from '@continuum/contracts';
import {
  csvBatches,
  type ImportCounts,
  type ImportJobRecord,
  type ImportJobRepository,
  type IngestReport,
  ingestEvents,
  isStoreError,
  type JobHandler,
  type JobWorker,
  ndjsonBatches,
  type Store,
} from '@continuum/store';
import { eventSummary, importUpload } from './importUpload.ts';
import type { UploadedFile } from './ingestSources.ts';
import { UploadRefusedError } from './UploadRefusedError.ts';

/** What a job failed by the server (not by its files) says: the error itself is in the server's log. */
const INTERNAL_FAILURE =
  "The server could not finish the import; nothing of it was stored. Try again; if it fails again, the server's log says why.";

/** The job kind of a large import (a canonical log or files stored by POST /api/imports). */
const IMPORT_JOB = 'import';

/** The job key of an import. */
const importJobKey = (id: string) => `import:${id}`;

/** Queues a received import for a worker. */
export function queueImport(store: Store, id: string): Promise<void> {
  return store.jobs.enqueue(IMPORT_JOB, { importId: id }, { jobKey: importJobKey(id) });
}

/** How an import worker treats uploads cut off mid-way (tests shrink both). */
export interface ImportWorkerOptions {
  /** An upload receiving no piece for this long is failed and its pieces deleted, ms (default UPLOAD_STALLED_MS). */
  stalledMs?: number;
  /** How often the worker looks for such uploads, ms (default 60 s). */
  sweepMs?: number;
  /** Told when a look fails, or leaves deleted bytes readable (tried again at the next); default: stderr. */
  onSweepError?: (error: unknown) => void;
}

/** What an ingest of a stored upload ended with: the report and its counts for the list. */
type Outcome = { report: IngestReport | object; counts: ImportCounts };

/**
 * Ingests import jobs in this process, as POST /api/ingest ingests the same upload: a stored log is
 * read piece by piece into the same bulk ingest (one transaction, atomic or partial, repeated event
 * ids skipped); stored files (an Annex A workbook, CIN census years, an SSDA903 return, or a log
 * sent as a form file) are put back together and imported by importUpload, the service POST
 * /api/ingest runs (formats' readReturnFiles, then ingest), so the report, the source account and
 * the quality lines are the ones that route gives; a refused upload (UploadRefusedError) fails the
 * import with its code and message. The outcome is written and the upload deleted in one transaction.
 * A start that dies mid-ingest wrote nothing (its transaction rolled back), so the next start
 * ingests the stored upload again from the top. An upload cut off mid-way (its sender stopped, or
 * the process taking it died) is failed once no piece has come for `stalledMs`, and what was stored
 * of it (raw files, identifiers included) deleted.
 */
export class ImportWorker {
  private worker: Promise<JobWorker> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly repo: ImportJobRepository,
    private readonly hmacKey: Buffer,
    private readonly options: ImportWorkerOptions = {},
  ) {}

  /**
   * Starts taking import jobs, one at a time (idempotent), queues again any received import whose
   * job is gone (an in-process queue does not outlive its process; a PostgreSQL job does, and is
   * left alone), and fails stalled uploads now and every `sweepMs`.
   */
  start(): Promise<JobWorker> {
    this.worker ??= (async () => {
      const worker = await this.store.jobs.work({ concurrency: 1, handlers: { [IMPORT_JOB]: this.handle } });
      for (const id of await this.repo.unfinished())
        if ((await this.store.jobs.status(importJobKey(id))) === undefined) await queueImport(this.store, id);
      this.sweepAfter(0);
      return worker;
    })();
    return this.worker;
  }

  /** Stops taking jobs; waits for a running ingest to end (it is not interrupted: it commits or rolls back whole). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweeper);
    const worker = await this.worker?.catch(() => undefined);
    await this.sweeping;
    await worker?.stop();
  }

  /**
   * Fails the uploads no piece has reached for `stalledMs`, `ms` from now and then every `sweepMs`
   * after the last look ended (looks never pile up behind a long write; one is never awaited by start).
   */
  private sweepAfter(ms: number): void {
    if (this.stopped) return;
    const report =
      this.options.onSweepError ?? ((e: unknown) => console.error(`Stalled uploads: ${String(e)}`));
    this.sweeper = setTimeout(() => {
      this.sweeping = this.repo
        .abandonStalled(Date.now() - (this.options.stalledMs ?? UPLOAD_STALLED_MS))
        .then(() => {
          if (this.repo.purgePending)
            report(
              new Error(
                'deleted uploads may still be readable in the database files (another process was reading them); tried again at the next look',
              ),
            );
        }, report)
        .finally(() => {
          this.sweeping = undefined;
          this.sweepAfter(this.options.sweepMs ?? 60_000);
        });
    }, ms);
    this.sweeper.unref();
  }

  private readonly handle: JobHandler = async (job) => {
    const id = String(job.payload.importId);
    const record = await this.repo.get(id);
    if (!record || !(await this.repo.begin(id, job.attempt))) return;
    let outcome: Outcome;
    try {
      outcome = record.kind === 'files' ? await this.ingestFiles(record) : await this.ingestLog(record);
    } catch (e) {
      // Only a refusal's code and words are for users (the upload's or the store's, as POST
      // /api/ingest answers them); a driver's or the system's message (which may quote a stored
      // value) goes to the server's log, not into the job.
      const refusal = e instanceof UploadRefusedError || isStoreError(e);
      if (!refusal)
        console.error(`Import ${id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      await this.repo.finish(id, job.attempt, {
        error: {
          title: 'The import failed.',
          detail: refusal ? e.message : INTERNAL_FAILURE,
          ...(refusal ? { code: e.code } : {}),
        },
      });
      return;
    }
    await this.repo.finish(id, job.attempt, outcome);
  };

  /** A canonical log sent as the body: the store's report. */
  private async ingestLog(record: ImportJobRecord): Promise<Outcome> {
    const reader = record.format === 'ndjson' ? ndjsonBatches : csvBatches;
    const report = await ingestEvents(this.store, reader(this.repo.chunks(record.id)), {
      mode: record.mode,
      hmacKey: this.hmacKey,
      pathwayId: record.pathwayId ?? undefined,
    });
    return { report, counts: countsOf(report.committed, eventSummary(report), null) };
  }

  /** Files sent as a form: the answer POST /api/ingest gives for them. */
  private async ingestFiles(record: ImportJobRecord): Promise<Outcome> {
    const upload = await this.repo.upload(record.id);
    if (!upload || record.format === null) throw new Error('The upload of this import is not stored.');
    const files: UploadedFile[] = [];
    for (const [n, f] of upload.files.entries())
      files.push({
        field: f.field,
        name: f.name,
        ext: f.ext,
        bytes: await this.repo.fileBytes(record.id, n, f.bytes),
      });
    const { response } = await importUpload(this.store, this.hmacKey, files, {
      format: record.format,
      mode: record.mode,
      pathwayId: record.pathwayId ?? undefined,
      extractDate: upload.extractDate ?? undefined,
      outsidePathway: upload.outsidePathway ?? undefined,
    });
    const { source } = response;
    return {
      report: response,
      counts: countsOf(
        response.committed,
        response.events,
        source ? { unit: source.unit, read: source.read, rejected: source.rejected } : null,
      ),
    };
  }
}

/** An import's counts for the list, from its answer's event figures (only these are kept). */
function countsOf(
  committed: boolean,
  { rows, imported, skipped, rejected }: ImportCounts['events'],
  source: ImportCounts['source'],
): ImportCounts {
  return { committed, events: { rows, imported, skipped, rejected }, source };
}
