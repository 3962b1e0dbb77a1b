import type BetterSqlite3 from 'better-sqlite3';
import type { DatabaseAdapter } from '../DatabaseAdapter.ts';
import { inProcessJobQueue } from './inProcessJobQueue.ts';
import { sqliteAnalyticsRows } from './sqliteAnalyticsRows.ts';
import { sqliteCaseWriter } from './sqliteCaseWriter.ts';
import { type IngestStatements, ingestStatements, sqliteIngestSink } from './sqliteIngestSink.ts';
import { WriteLock } from '../WriteLock.ts';

/** How long the main connection waits for another process's lock on the file, ms. */
export const BUSY_TIMEOUT_MS = 5000;

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
    // Behind the write lock, so no write of ours (the ingest thread's included) holds the WAL;
    // another process reading the file makes it busy: then it is not waited for (the event loop
    // would stop for the busy timeout) but reported unfinished, and tried again later.
    purgeDeleted: () =>
      lock.run(async () => {
        sqlite.pragma('busy_timeout = 0');
        try {
          const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
          return result?.busy === 0;
        } finally {
          sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        }
      }),
    close: async () => {
      await jobs.close();
      await ingest?.thread.close();
    },
  };
}
