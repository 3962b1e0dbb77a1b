import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { withPreparedCache } from './preparedCache.ts';
import { ensurePrivateDir, privateSqliteFile, SQLITE_SIDE_FILES, makePrivate } from './privateFiles.ts';
import type { Database } from './schema.ts';
import { postgresAdapter } from './engines/postgres/postgresAdapter.ts';
import { BUSY_TIMEOUT_MS, sqliteAdapter } from './engines/sqlite/sqliteAdapter.ts';
import { createStore, type Store } from './store.ts';

/** Where the store lives: a PostgreSQL URL, or else a SQLite file in the data folder. */
export interface OpenStoreOptions {
  /** `postgres://...`; when absent the embedded SQLite file `<dataDir>/continuum.sqlite` is used. */
  databaseUrl?: string | undefined;
  /** Folder for the SQLite file (created if missing). */
  dataDir: string;
  /** Override the SQLite file name (tests, benchmarks). */
  sqliteFile?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

// bigint (oid 20) columns hold epoch milliseconds and counts: well inside Number's safe range.
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Opens (creating and migrating on first use) the case store: one factory so the server, CLI and
 * tests all get the same schema on either database; the only place the database's adapter is chosen.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes,
    });
    // An idle pooled connection that the server ends (restart, admin terminate) is dropped from the
    // pool and replaced on next use; unhandled, its 'error' event would crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrateToLatest(db as Kysely<unknown>);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return createStore(db, postgresAdapter(db, pool));
  }
  // Case data: the folder is owner-only (0700), the database and its side files 0600.
  ensurePrivateDir(options.dataDir);
  const file = options.sqliteFile ?? join(options.dataDir, 'continuum.sqlite');
  privateSqliteFile(file);
  const sqlite = new SqliteDatabase(file);
  // 16 KiB pages: bulk ingest writes about 15% less SQLite work than with 4 KiB (fewer splits,
  // shallower btrees; measured), and single moves are unchanged. Only takes effect on a new, empty
  // file (before its first table); existing stores keep theirs.
  sqlite.pragma('page_size = 16384');
  sqlite.pragma('journal_mode = WAL');
  // SQLite gives -wal and -shm the database file's mode; tighten them anyway in case a looser
  // umask or an older release made them.
  for (const suffix of SQLITE_SIDE_FILES) makePrivate(`${file}${suffix}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted content is overwritten, not left in free pages: a deleted upload's raw files held identifiers.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('cache_size = -65536');
  // Keep the WAL file from staying at its high-water mark after a big ingest.
  sqlite.pragma('journal_size_limit = 67108864');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withPreparedCache(sqlite) }) });
  await migrateToLatest(db as Kysely<unknown>);
  return createStore(db, sqliteAdapter(sqlite, file));
}
