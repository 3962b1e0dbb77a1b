import {
  csvBatches,
  type ImportJobRepository,
  ingestEvents,
  type JobHandler,
  type JobWorker,
  ndjsonBatches,
  type Store,
} from '@continuum/store';

/** The job kind of a large import (a canonical CSV/NDJSON log stored by POST /api/imports). */
export const IMPORT_JOB = 'import';

/**
 * Ingests import jobs in this process: reads the stored log piece by piece into the same bulk
 * ingest as POST /api/ingest (one transaction, atomic or partial, repeated event ids skipped), then
 * writes the report and deletes the log in one transaction. A start that dies mid-ingest wrote
 * nothing (its transaction rolled back), so the next start ingests the log again from the top.
 */
export class ImportWorker {
  private worker: Promise<JobWorker> | undefined;

  constructor(
    private readonly store: Store,
    private readonly repo: ImportJobRepository,
    private readonly hmacKey: Buffer,
  ) {}

  /** Starts taking import jobs, one at a time (idempotent). */
  start(): Promise<JobWorker> {
    this.worker ??= this.store.jobs.work({ concurrency: 1, handlers: { [IMPORT_JOB]: this.handle } });
    return this.worker;
  }

  /** Stops taking jobs; waits for a running ingest to end (it is not interrupted: it commits or rolls back whole). */
  async stop(): Promise<void> {
    const worker = await this.worker?.catch(() => undefined);
    await worker?.stop();
  }

  private readonly handle: JobHandler = async (job) => {
    const id = String(job.payload.importId);
    const record = await this.repo.get(id);
    if (!record || !(await this.repo.begin(id, job.attempt))) return;
    const reader = record.format === 'csv' ? csvBatches : ndjsonBatches;
    try {
      const report = await ingestEvents(this.store, reader(this.repo.chunks(id)), {
        mode: record.mode,
        hmacKey: this.hmacKey,
        pathwayId: record.pathwayId ?? undefined,
      });
      await this.repo.finish(id, job.attempt, { report });
    } catch (e) {
      await this.repo.finish(id, job.attempt, {
        error: { title: 'The import failed.', detail: e instanceof Error ? e.message : String(e) },
      });
    }
  };
}
