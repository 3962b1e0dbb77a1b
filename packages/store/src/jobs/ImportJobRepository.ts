import type { Kysely } from 'kysely';
import type { WriteGate } from '../engines/WriteGate.ts';
import type { IngestReport } from '../ingest/IngestReport.ts';
import type { Database } from '../schema.ts';

/** Rows of the two tables of migration 010_import_jobs. */
type ImportTables = {
  import_jobs: {
    id: string;
    status: string;
    format: string;
    mode: string;
    pathway_id: string | null;
    bytes: number;
    attempt: number | null;
    report: string | null;
    error: string | null;
    created_at: number;
    updated_at: number;
    created_by: string | null;
  };
  import_chunks: { job_id: string; seq: number; data: string };
};

/** Where an import job stands. */
export type ImportStatus = 'receiving' | 'queued' | 'running' | 'done' | 'failed';

/** An import job as any instance sees it. */
export interface ImportJobRecord {
  id: string;
  status: ImportStatus;
  format: 'csv' | 'ndjson';
  mode: 'atomic' | 'partial';
  pathwayId: string | null;
  /** Size of the uploaded log. */
  bytes: number;
  /** Which start of its job ingests it (2 or more: a worker died or stopped and another started again). */
  attempt: number | null;
  /** The ingest report once done (committed false: atomic with a rejected row, nothing stored). */
  report: IngestReport | null;
  error: { title: string; detail: string } | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Import jobs and their uploaded logs in the shared database, so the instance that received an
 * upload and the worker that ingests it need not be the same process or machine.
 */
export class ImportJobRepository {
  private readonly db: Kysely<Database & ImportTables>;

  constructor(
    db: Kysely<Database>,
    private readonly write: WriteGate = (w) => w(),
  ) {
    this.db = db.withTables<ImportTables>();
  }

  /** Records an import whose log is being received (not queued until `queue`). */
  async create(job: {
    id: string;
    format: 'csv' | 'ndjson';
    mode: 'atomic' | 'partial';
    pathwayId: string | null;
    by: string | null;
  }): Promise<void> {
    const now = Date.now();
    await this.write(() =>
      this.db
        .insertInto('import_jobs')
        .values({
          id: job.id,
          status: 'receiving',
          format: job.format,
          mode: job.mode,
          pathway_id: job.pathwayId,
          bytes: 0,
          attempt: null,
          report: null,
          error: null,
          created_at: now,
          updated_at: now,
          created_by: job.by,
        })
        .execute(),
    );
  }

  /** Stores the next piece of the uploaded log. */
  async appendChunk(id: string, seq: number, data: string): Promise<void> {
    await this.write(() => this.db.insertInto('import_chunks').values({ job_id: id, seq, data }).execute());
  }

  /** The whole log has been received: the job may be started. */
  async received(id: string, bytes: number): Promise<void> {
    await this.write(() =>
      this.db
        .updateTable('import_jobs')
        .set({ status: 'queued', bytes, updated_at: Date.now() })
        .where('id', '=', id)
        .where('status', '=', 'receiving')
        .execute(),
    );
  }

  /** An upload that could not be received or queued: its pieces are dropped and it is recorded failed. */
  async abandon(id: string, error: { title: string; detail: string }): Promise<void> {
    await this.write(() =>
      this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('import_chunks').where('job_id', '=', id).execute();
        await trx
          .updateTable('import_jobs')
          .set({ status: 'failed', error: JSON.stringify(error), updated_at: Date.now() })
          .where('id', '=', id)
          .execute();
      }),
    );
  }

  /** The stored log, piece by piece in order (one piece in memory at a time). */
  async *chunks(id: string): AsyncGenerator<string> {
    for (let seq = 0; ; seq++) {
      const row = await this.db
        .selectFrom('import_chunks')
        .select('data')
        .where('job_id', '=', id)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (!row) return;
      yield row.data;
    }
  }

  /** A worker starts (or starts again) the import; false when it is over or a later start owns it. */
  async begin(id: string, attempt: number): Promise<boolean> {
    const r = await this.write(() =>
      this.db
        .updateTable('import_jobs')
        .set({ status: 'running', attempt, updated_at: Date.now() })
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .where((eb) => eb.or([eb('attempt', 'is', null), eb('attempt', '<=', attempt)]))
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  /** Ends the import in one transaction: its outcome written (by the start that owns it) and its log deleted. */
  async finish(
    id: string,
    attempt: number,
    outcome: { report: IngestReport } | { error: { title: string; detail: string } },
  ): Promise<void> {
    await this.write(() =>
      this.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('import_jobs')
          .set({
            status: 'report' in outcome ? 'done' : 'failed',
            report: 'report' in outcome ? JSON.stringify(outcome.report) : null,
            error: 'error' in outcome ? JSON.stringify(outcome.error) : null,
            updated_at: Date.now(),
          })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .where('attempt', '=', attempt)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0)
          await trx.deleteFrom('import_chunks').where('job_id', '=', id).execute();
      }),
    );
  }

  /** Ids of imports received but not ended (queued or running), oldest first. */
  async unfinished(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('import_jobs')
      .select('id')
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => r.id);
  }

  /** An import job, or undefined. */
  async get(id: string): Promise<ImportJobRecord | undefined> {
    const row = await this.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      status: row.status as ImportStatus,
      format: row.format as 'csv' | 'ndjson',
      mode: row.mode as 'atomic' | 'partial',
      pathwayId: row.pathway_id,
      bytes: Number(row.bytes),
      attempt: row.attempt === null ? null : Number(row.attempt),
      report: row.report ? (JSON.parse(row.report) as IngestReport) : null,
      error: row.error ? JSON.parse(row.error) : null,
      createdAt: new Date(Number(row.created_at)).toISOString(),
      updatedAt: new Date(Number(row.updated_at)).toISOString(),
    };
  }

  /** Pieces of the log still stored (0 once the import has ended). */
  async chunkCount(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('import_chunks')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('job_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
