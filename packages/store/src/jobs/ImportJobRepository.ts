import type { Kysely } from 'kysely';
import type { WriteGate } from '../engines/WriteGate.ts';
import { StoreError } from '../errors.ts';
import type { IngestReport } from '../ingest/IngestReport.ts';
import type { Database } from '../schema.ts';
import { UploadSeal } from './UploadSeal.ts';

/** Rows of the tables of migrations 010_import_jobs and 012_import_files. */
type ImportTables = {
  import_jobs: {
    id: string;
    status: string;
    /** '' while the files of an upload are still being received (their format is told at the end). */
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
    /** JSON ImportFile[]; null for a canonical log sent as the body. */
    files: string | null;
    extract_date: string | null;
    outside_pathway: string | null;
    /** JSON ImportCounts, written with the report. */
    counts: string | null;
  };
  import_chunks: { job_id: string; seq: number; data: string };
  import_file_pieces: { job_id: string; file: number; seq: number; data: Uint8Array };
};

/** Where an import job stands. */
export type ImportStatus = 'receiving' | 'queued' | 'running' | 'done' | 'failed';

/** The formats an import job takes: a canonical log, or a statutory return read into events. */
export type ImportJobFormat = 'csv' | 'ndjson' | 'annex-a' | 'cin' | 'ssda903';

/** One stored file of an upload: the form field it came in, the name the report gives it, its size. */
export interface ImportFile {
  field: string;
  name: string;
  /** Its extension with the dot (`.xml`), or '' (to tell its kind when the name is withheld). */
  ext: string;
  bytes: number;
}

/** What an ended import did, in numbers, for the list of imports. */
export interface ImportCounts {
  /** Whether anything was written. */
  committed: boolean;
  /** The events (or canonical rows) given to the store: rows = imported + skipped + rejected. */
  events: { rows: number; imported: number; skipped: number; rejected: number };
  /** A return's source rows or XML elements (null for a canonical log, whose rows are the events). */
  source: { unit: 'rows' | 'elements'; read: number; rejected: number } | null;
}

/** Why an import ended without a report (a file the reader refused names the reader's code). */
export interface ImportError {
  title: string;
  detail: string;
  code?: string;
}

/** An import job as the list of imports shows it (no report). */
export interface ImportJobSummary {
  id: string;
  status: ImportStatus;
  /** `log`: a canonical log sent as the body; `files`: a multipart upload (its report is the upload's answer). */
  kind: 'log' | 'files';
  /** Null while an upload's files are being received. */
  format: ImportJobFormat | null;
  mode: 'atomic' | 'partial';
  pathwayId: string | null;
  /** The names of the uploaded files (none for a log sent as the body). */
  files: string[];
  /** Size of the upload. */
  bytes: number;
  /** Which start of its job ingests it (2 or more: a worker died or stopped and another started again). */
  attempt: number | null;
  /** The role that queued it. */
  by: string | null;
  counts: ImportCounts | null;
  error: ImportError | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * An import job as any instance sees it, with its report once done (committed false: atomic with a
 * rejected row, nothing stored): the store's IngestReport for a log sent as the body; for files,
 * the answer `POST /api/ingest` gives for them (the API's IngestUploadResponse, opaque here).
 */
export type ImportJobRecord =
  | (ImportJobSummary & { kind: 'log'; report: IngestReport | null })
  | (ImportJobSummary & { kind: 'files'; report: object | null });

/** What a worker needs to read an upload of files back: the files and the options they came with. */
export interface ImportUpload {
  files: ImportFile[];
  extractDate: string | null;
  outsidePathway: 'flag' | 'reject' | null;
}

/**
 * Import jobs and their uploads in the shared database, so the instance that received an upload
 * and the worker that ingests it need not be the same process or machine.
 */
export class ImportJobRepository {
  private readonly db: Kysely<Database & ImportTables>;
  private readonly seal: UploadSeal;

  constructor(
    db: Kysely<Database>,
    /** The deployment's secret (its HMAC key): the uploads' pieces are sealed with a key derived from it (UploadSeal). */
    secret: Buffer,
    private readonly write: WriteGate = (w) => w(),
    /**
     * Run after an upload's pieces are deleted (the store adapter's purgeDeleted): true once no
     * deleted byte is readable in the store's files, false when it could not finish (retried).
     */
    private readonly purgeDeleted: () => Promise<boolean> = async () => true,
  ) {
    this.db = db.withTables<ImportTables>();
    this.seal = new UploadSeal(secret);
  }

  /**
   * Records an import being received (not queued until `received`): a log of a known format, or
   * (`files: true`) a multipart upload whose format is told once all its files are in.
   */
  async create(job: {
    id: string;
    format: ImportJobFormat | null;
    mode: 'atomic' | 'partial';
    pathwayId: string | null;
    by: string | null;
    files?: boolean;
  }): Promise<void> {
    const now = Date.now();
    await this.write(() =>
      this.db
        .insertInto('import_jobs')
        .values({
          id: job.id,
          status: 'receiving',
          format: job.format ?? '',
          mode: job.mode,
          pathway_id: job.pathwayId,
          bytes: 0,
          attempt: null,
          report: null,
          error: null,
          created_at: now,
          updated_at: now,
          created_by: job.by,
          files: job.files ? '[]' : null,
        })
        .execute(),
    );
  }

  /**
   * Stores the next piece of the uploaded log (the import's `updated_at` says the upload is alive).
   * Refused (`upload_interrupted`), nothing stored, once the upload was abandoned as stalled.
   */
  async appendChunk(id: string, seq: number, data: string): Promise<void> {
    await this.write(() =>
      this.db.transaction().execute(async (trx) => {
        await touch(trx, id, Buffer.byteLength(data));
        await trx
          .insertInto('import_chunks')
          .values({ job_id: id, seq, data: this.seal.sealText(data, logPiece(id, seq)) })
          .execute();
      }),
    );
  }

  /**
   * Stores the next piece (`seq` from 0) of the upload's file number `file` (from 0, in upload
   * order); the import's `updated_at` says the upload is alive. Refused (`upload_interrupted`),
   * nothing stored, once the upload was abandoned as stalled.
   */
  async appendFilePiece(id: string, file: number, seq: number, data: Uint8Array): Promise<void> {
    const bytes = this.seal.seal(data, filePiece(id, file, seq));
    await this.write(() =>
      this.db.transaction().execute(async (trx) => {
        await touch(trx, id, data.byteLength);
        await trx.insertInto('import_file_pieces').values({ job_id: id, file, seq, data: bytes }).execute();
      }),
    );
  }

  /**
   * Fails every upload still receiving that last changed before `before` (the process taking it
   * died, or its sender stopped sending) and deletes what was stored of it: the raw files hold the
   * children's identifiers until they are read, so a cut-off upload must not keep them. Returns
   * the ids failed. A piece arriving at the same moment either lands first (the upload is live
   * again and left alone) or is refused.
   */
  async abandonStalled(before: number): Promise<string[]> {
    return this.dropping(async (trx, drop) => {
      const failed = await trx
        .updateTable('import_jobs')
        .set({ status: 'failed', error: JSON.stringify(UPLOAD_INTERRUPTED), updated_at: Date.now() })
        .where('status', '=', 'receiving')
        .where('updated_at', '<', before)
        .returning('id')
        .execute();
      for (const { id } of failed) await drop(id);
      return failed.map((r) => r.id);
    });
  }

  /** True while deleted upload bytes may still be readable in the store's files (the last purge could not finish). */
  purgePending = false;

  /**
   * Runs a write that deletes uploads' pieces (`drop`), in one transaction, then has the store make
   * the deleted bytes unreadable in its files (raw uploads hold identifiers); an unfinished purge
   * is tried again at the next such write. `wait: false` (a request's answer) does not wait for it.
   */
  private async dropping<T>(
    work: (trx: Kysely<Database & ImportTables>, drop: (id: string) => Promise<void>) => Promise<T>,
    wait = true,
  ): Promise<T> {
    let dropped = 0;
    const result = await this.write(() =>
      this.db.transaction().execute((trx) =>
        work(trx, async (id) => {
          dropped += await dropUpload(trx, id);
        }),
      ),
    );
    if (dropped > 0 || this.purgePending) {
      const purging = this.purgeDeleted()
        .catch(() => false)
        .then((done) => {
          this.purgePending = !done;
        });
      if (wait) await purging;
    }
    return result;
  }

  /**
   * The whole upload has been received: the job may be started. An upload of files records here
   * the format told from them, the files and the options.
   */
  async received(
    id: string,
    bytes: number,
    upload?: ImportUpload & { format: ImportJobFormat; mode: 'atomic' | 'partial'; pathwayId: string | null },
  ): Promise<void> {
    const r = await this.write(() =>
      this.db
        .updateTable('import_jobs')
        .set({
          status: 'queued',
          bytes,
          updated_at: Date.now(),
          ...(upload
            ? {
                format: upload.format,
                mode: upload.mode,
                pathway_id: upload.pathwayId,
                files: JSON.stringify(upload.files),
                extract_date: upload.extractDate,
                outside_pathway: upload.outsidePathway,
              }
            : {}),
        })
        .where('id', '=', id)
        .where('status', '=', 'receiving')
        .executeTakeFirst(),
    );
    if (Number(r.numUpdatedRows) === 0) throw interrupted();
  }

  /** An upload that could not be received or queued: its pieces are dropped and it is recorded failed. */
  async abandon(id: string, error: ImportError): Promise<void> {
    await this.dropping(async (trx, drop) => {
      await drop(id);
      // One already failed as stalled keeps that error.
      await trx
        .updateTable('import_jobs')
        .set({ status: 'failed', error: JSON.stringify(error), updated_at: Date.now() })
        .where('id', '=', id)
        .where('status', 'in', ['receiving', 'queued'])
        .execute();
    }, false);
  }

  /** An upload refused as it came in (bad input): the import and every piece of it are deleted. */
  async discard(id: string): Promise<void> {
    await this.dropping(async (trx, drop) => {
      await drop(id);
      await trx.deleteFrom('import_jobs').where('id', '=', id).where('status', '=', 'receiving').execute();
    }, false);
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
      yield this.seal.openText(row.data, logPiece(id, seq));
    }
  }

  /** The files of an upload and its options; undefined for a log sent as the body or an unknown id. */
  async upload(id: string): Promise<ImportUpload | undefined> {
    const row = await this.db
      .selectFrom('import_jobs')
      .select(['files', 'extract_date', 'outside_pathway'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.files) return undefined;
    return {
      files: JSON.parse(row.files) as ImportFile[],
      extractDate: row.extract_date,
      outsidePathway: row.outside_pathway as ImportUpload['outsidePathway'],
    };
  }

  /** A stored file of an upload, put back together from its pieces (read one at a time). */
  async fileBytes(id: string, file: number, size: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(size);
    let at = 0;
    for (let seq = 0; ; seq++) {
      const row = await this.db
        .selectFrom('import_file_pieces')
        .select('data')
        .where('job_id', '=', id)
        .where('file', '=', file)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (!row) break;
      const piece = this.seal.open(row.data as Uint8Array, filePiece(id, file, seq));
      if (at + piece.byteLength > size)
        throw new Error(`The stored file ${file} of import ${id} is too long.`);
      bytes.set(piece, at);
      at += piece.byteLength;
    }
    if (at !== size) throw new Error(`The stored file ${file} of import ${id} is incomplete.`);
    return bytes;
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

  /** Ends the import in one transaction: its outcome written (by the start that owns it) and its upload deleted. */
  async finish(
    id: string,
    attempt: number,
    outcome: { report: IngestReport | object; counts: ImportCounts } | { error: ImportError },
  ): Promise<void> {
    await this.dropping(async (trx, drop) => {
      const r = await trx
        .updateTable('import_jobs')
        .set({
          status: 'report' in outcome ? 'done' : 'failed',
          report: 'report' in outcome ? JSON.stringify(outcome.report) : null,
          counts: 'report' in outcome ? JSON.stringify(outcome.counts) : null,
          error: 'error' in outcome ? JSON.stringify(outcome.error) : null,
          updated_at: Date.now(),
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('attempt', '=', attempt)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) await drop(id);
    });
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
    const report = row.report ? (JSON.parse(row.report) as object) : null;
    const summary = summaryOf(row);
    return summary.kind === 'log'
      ? { ...summary, kind: 'log', report: report as IngestReport | null }
      : { ...summary, kind: 'files', report };
  }

  /** The most recent imports, newest first, without their reports. */
  async list(limit: number): Promise<ImportJobSummary[]> {
    const rows = await this.db
      .selectFrom('import_jobs')
      .select([
        'id',
        'status',
        'format',
        'mode',
        'pathway_id',
        'bytes',
        'attempt',
        'error',
        'created_at',
        'updated_at',
        'created_by',
        'files',
        'counts',
      ])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(summaryOf);
  }

  /** Pieces of the upload still stored, log and files (0 once the import has ended). */
  async chunkCount(id: string): Promise<number> {
    const count = async (table: 'import_chunks' | 'import_file_pieces') =>
      Number(
        (
          await this.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('job_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return (await count('import_chunks')) + (await count('import_file_pieces'));
  }
}

/** An import_jobs row as the API shows it. */
function summaryOf(row: Omit<ImportTables['import_jobs'], 'report' | 'extract_date' | 'outside_pathway'>) {
  const files = row.files === null ? null : (JSON.parse(row.files) as ImportFile[]);
  return {
    id: row.id,
    status: row.status as ImportStatus,
    kind: files === null ? 'log' : 'files',
    format: row.format === '' ? null : (row.format as ImportJobFormat),
    mode: row.mode as 'atomic' | 'partial',
    pathwayId: row.pathway_id,
    files: (files ?? []).map((f) => f.name),
    bytes: Number(row.bytes),
    attempt: row.attempt === null ? null : Number(row.attempt),
    by: row.created_by,
    counts: row.counts ? (JSON.parse(row.counts) as ImportCounts) : null,
    error: row.error ? (JSON.parse(row.error) as ImportError) : null,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  } satisfies ImportJobSummary;
}

/** Where a piece of an uploaded log is stored (what its seal binds it to). */
const logPiece = (id: string, seq: number) => `${id}/log/${seq}`;
/** Where a piece of an uploaded file is stored. */
const filePiece = (id: string, file: number, seq: number) => `${id}/${file}/${seq}`;

/**
 * The error of an upload that stopped before its end: abandoned as stalled (its sender or the
 * process receiving it stopped), or cut off while received (the connection dropped, the store
 * failed); what went wrong inside is the server's log's, not the job's.
 */
export const UPLOAD_INTERRUPTED: ImportError = {
  title: 'The upload was interrupted.',
  detail:
    'Its files stopped coming in before the upload ended (the connection or the server taking it stopped); nothing of it was kept. Upload the files again.',
  code: 'upload_interrupted',
};

const interrupted = () =>
  new StoreError('upload_interrupted', `${UPLOAD_INTERRUPTED.title} ${UPLOAD_INTERRUPTED.detail}`, 'body');

/**
 * Marks an upload alive (a client following it tells a live one from one cut off by when it last
 * changed) and counts the `bytes` of its new piece in its size so far; refuses one no longer
 * receiving (abandoned as stalled, or unknown).
 */
async function touch(trx: Kysely<Database & ImportTables>, id: string, bytes: number): Promise<void> {
  const r = await trx
    .updateTable('import_jobs')
    .set((eb) => ({ updated_at: Date.now(), bytes: eb('bytes', '+', bytes) }))
    .where('id', '=', id)
    .where('status', '=', 'receiving')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw interrupted();
}

/** Pieces deleted between turns of the event loop: SQLite overwrites what it deletes. */
const DROP_BATCH = 8;

/**
 * Deletes every stored piece of an import's upload (the log's and the files'), a few at a time with
 * a turn of the event loop between (overwriting 2 GiB at once would hold the process for seconds);
 * the number deleted.
 */
async function dropUpload(trx: Kysely<Database & ImportTables>, id: string): Promise<number> {
  const chunks = await trx.selectFrom('import_chunks').select('seq').where('job_id', '=', id).execute();
  const pieces = await trx
    .selectFrom('import_file_pieces')
    .select(['file', 'seq'])
    .where('job_id', '=', id)
    .execute();
  const drops = [
    ...chunks.map(
      (c) => () =>
        trx.deleteFrom('import_chunks').where('job_id', '=', id).where('seq', '=', c.seq).execute(),
    ),
    ...pieces.map(
      (p) => () =>
        trx
          .deleteFrom('import_file_pieces')
          .where('job_id', '=', id)
          .where('file', '=', p.file)
          .where('seq', '=', p.seq)
          .execute(),
    ),
  ];
  for (const [n, drop] of drops.entries()) {
    await drop();
    if (n % DROP_BATCH === DROP_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return drops.length;
}
