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
const IMPORT_JOB = 'import';

/** The job key of an import. */
const importJobKey = (id: string) => `import:${id}`;

/** Queues a received import for a worker. */
export function queueImport(store: Store, id: string): Promise<void> {
  return store.jobs.enqueue(IMPORT_JOB, { importId: id }, { jobKey: importJobKey(id) });
}

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

  /**
   * Starts taking import jobs, one at a time (idempotent), and queues again any received import
   * whose job is gone (an in-process queue does not outlive its process; a PostgreSQL job does, and
   * is left alone).
   */
  start(): Promise<JobWorker> {
    this.worker ??= (async () => {
      const worker = await this.store.jobs.work({ concurrency: 1, handlers: { [IMPORT_JOB]: this.handle } });
      for (const id of await this.repo.unfinished())
        if ((await this.store.jobs.status(importJobKey(id))) === undefined) await queueImport(this.store, id);
      return worker;
    })();
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
