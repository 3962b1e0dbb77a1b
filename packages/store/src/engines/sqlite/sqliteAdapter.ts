import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseAdapter } from '../DatabaseAdapter.ts';
import { inProcessJobQueue } from './inProcessJobQueue.ts';
import { sqliteAnalyticsRows } from './sqliteAnalyticsRows.ts';
import { sqliteCaseWriter } from './sqliteCaseWriter.ts';
import { type IngestStatements, ingestStatements, sqliteIngestSink } from './sqliteIngestSink.ts';
import { WriteLock } from '../WriteLock.ts';

/**
 * SQLite: one file, one writer. Every write runs under one FIFO lock (a bulk ingest spans many
 * awaits on its own thread), moves are synchronous prepared statements, and no row lock is needed.
 */
export function sqliteAdapter(sqlite: BetterSqlite3.Database, file: string): DatabaseAdapter {
  const lock = new WriteLock();
  // The ingest thread: started on first use, started again if it died, stopped on close.
  let ingest: IngestStatements | undefined;
  const statements = () => {
    if (!ingest?.thread.alive) ingest = ingestStatements(file);
    return ingest;
  };
  const jobs = inProcessJobQueue();
  return {
    kind: 'sqlite',
    write: (write) => lock.run(write),
    analytics: sqliteAnalyticsRows(sqlite),
    jobs,
    caseWriter: () => sqliteCaseWriter(sqlite, lock),
    ingestSink: () => sqliteIngestSink(sqlite, statements()),
    lockCasesOfVersion: async () => undefined,
    // Behind the write lock, so no write of ours (the ingest thread's included) holds the WAL.
    purgeDeleted: () =>
      lock.run(async () => {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      }),
    close: async () => {
      await jobs.close();
      await ingest?.thread.close();
    },
  };
}
