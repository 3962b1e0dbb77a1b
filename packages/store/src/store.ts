import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { AuditRepository } from './repositories/AuditRepository.ts';
import { CaseRepository } from './repositories/CaseRepository.ts';
import { IntervalRepository } from './repositories/IntervalRepository.ts';
import { NameRepository } from './repositories/NameRepository.ts';
import { PathwayRepository } from './repositories/PathwayRepository.ts';
import { SettingsRepository } from './repositories/SettingsRepository.ts';
import { TokenRepository } from './repositories/TokenRepository.ts';
import type { Database } from './schema.ts';
import { WriteLock } from './writeLock.ts';
import { type WriteGate, writeGate } from './writeGate.ts';

/** Which engine a store runs on; a few hot paths (bulk ingest, moves) have one implementation each. */
export type Engine = 'sqlite' | 'postgres';

/** The open case store: repositories over one Kysely instance, plus the raw handle for hot paths. */
export interface Store {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  /** The better-sqlite3 handle (SQLite only): prepared statements for moves and bulk ingest. */
  readonly sqlite: BetterSqlite3.Database | undefined;
  /** The SQLite file path (SQLite only), e.g. for a second connection. */
  readonly file: string | undefined;
  /** The pg pool (PostgreSQL only). */
  readonly pool: pg.Pool | undefined;
  /** Serialises writers on SQLite (a no-op guard on PostgreSQL, where row locks do the work). */
  readonly writeLock: WriteLock;
  /**
   * Wrap any other write through `store.db` in this (e.g. another area's own tables): on SQLite it
   * waits for a running bulk ingest instead of blocking the event loop on a busy database.
   */
  readonly write: WriteGate;
  readonly pathways: PathwayRepository;
  readonly cases: CaseRepository;
  readonly intervals: IntervalRepository;
  /** Codes of stage and event names in the event log and stays. */
  readonly names: NameRepository;
  readonly tokens: TokenRepository;
  readonly audit: AuditRepository;
  /** Deployment facts shared by every instance on the database (key fingerprint, first admin). */
  readonly settings: SettingsRepository;
  /** Registers something to stop when the store closes (e.g. the bulk-ingest SQLite thread). */
  onClose(stop: () => Promise<void>): void;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Assembles a Store from an open connection (used by openStore). */
export function createStore(parts: {
  engine: Engine;
  db: Kysely<Database>;
  sqlite?: BetterSqlite3.Database;
  file?: string;
  pool?: pg.Pool;
}): Store {
  const { db } = parts;
  let closed = false;
  const stops: (() => Promise<void>)[] = [];
  const writeLock = new WriteLock();
  const write = writeGate(parts.engine, writeLock);
  return {
    engine: parts.engine,
    db,
    sqlite: parts.sqlite,
    file: parts.file,
    pool: parts.pool,
    writeLock,
    write,
    pathways: new PathwayRepository(db, write),
    cases: new CaseRepository(db),
    intervals: new IntervalRepository(db),
    names: new NameRepository(db),
    tokens: new TokenRepository(db, write),
    audit: new AuditRepository(db, write),
    settings: new SettingsRepository(db, write),
    onClose: (stop) => {
      stops.push(stop);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const stop of stops) await stop();
      await db.destroy();
    },
  };
}
