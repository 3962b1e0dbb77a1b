import type { Kysely } from 'kysely';
import type { CaseWriter } from '../cases/CaseWriter.ts';
import type { IngestSink } from '../ingest/IngestSink.ts';
import type { JobQueue } from '../jobs/JobQueue.ts';
import type { Database } from '../schema.ts';
import type { WriteGate } from './WriteGate.ts';

/** Which database a store runs on (the simulator's engine is `SimulationEngine`, not this). */
export type DatabaseKind = 'sqlite' | 'postgres';

/** One window of record-only events as raw rows `[id, caseId, eventCode, occurredAt]`. */
export interface RecordEventRows {
  rows: unknown[][];
  /** Ids in the window that were not visible (PostgreSQL commits out of order). */
  missing: number[];
  /** The range was read up to this id: the next window starts after it. */
  scannedTo: number;
}

/** The raw reads the analytics index loads through (see AnalyticsReadRepository). */
export interface AnalyticsRows {
  /** True when ids become visible in id order (one writer), so no id can appear late. */
  readonly idsVisibleInOrder: boolean;
  /** Runs a query and returns rows as arrays; `?` placeholders, numbers as numbers. */
  rows(text: string, params: unknown[]): Promise<unknown[][]>;
  /**
   * Record-only events (`from_code = to_code`, `codes` narrows the events) with afterId < id <= upTo
   * in id order, at most `limit`, and the ids of the window not visible yet.
   */
  recordEventRows(
    afterId: number,
    upTo: number,
    limit: number,
    codes: readonly number[] | undefined,
  ): Promise<RecordEventRows>;
}

/**
 * Everything that differs between the databases, chosen once by openStore: the case writer, the
 * bulk-ingest sink, the analytics reads, the write gate and row locks. Shared code decides what to
 * write (CaseWritePlan, the ingest's steps); an adapter only executes it, holding its raw handles.
 */
export interface DatabaseAdapter {
  readonly kind: DatabaseKind;
  /** Serialises writes on SQLite (waits for a running bulk ingest); direct on PostgreSQL. */
  readonly write: WriteGate;
  readonly analytics: AnalyticsRows;
  /** Background jobs: graphile-worker on PostgreSQL, an in-process queue on SQLite (closed by close()). */
  readonly jobs: JobQueue;
  /** A writer for opening and moving single cases (atomic, serialised per case). */
  caseWriter(): CaseWriter;
  /** A sink for one bulk ingest (one transaction around it). */
  ingestSink(): IngestSink;
  /** Locks the cases of a pathway version inside `trx` until it ends (a no-op where writes are serial). */
  lockCasesOfVersion(trx: Kysely<Database>, versionId: number): Promise<void>;
  /**
   * Makes deleted rows unreadable in the database's files where the engine allows it (raw uploads
   * hold identifiers): SQLite overwrites deleted content (secure_delete) and this empties the WAL
   * that still holds it; PostgreSQL keeps dead rows' bytes until VACUUM reuses their space (no-op).
   * False when it could not finish (another process was reading the SQLite file): try again later.
   */
  purgeDeleted(): Promise<boolean>;
  /** Stops what the adapter started (the SQLite ingest thread); the connection is closed by the store. */
  close(): Promise<void>;
}
