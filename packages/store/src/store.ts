import type { Kysely } from 'kysely';
import { AuditRepository } from './repositories/AuditRepository.ts';
import { CaseRepository } from './repositories/CaseRepository.ts';
import { IntervalRepository } from './repositories/IntervalRepository.ts';
import { NameRepository } from './repositories/NameRepository.ts';
import { PathwayRepository } from './repositories/PathwayRepository.ts';
import { SettingsRepository } from './repositories/SettingsRepository.ts';
import { TokenRepository } from './repositories/TokenRepository.ts';
import type { Database } from './schema.ts';
import type { DatabaseAdapter, DatabaseKind } from './engines/DatabaseAdapter.ts';
import type { WriteGate } from './engines/WriteGate.ts';
import type { JobQueue } from './jobs/JobQueue.ts';

export type { DatabaseKind };

/**
 * The open case store: repositories over one Kysely instance, and the database's adapter (which
 * alone holds the raw handles the hot paths use: moves, bulk ingest, analytics reads).
 */
export interface Store {
  /** Which database this is (for messages; behaviour that differs lives in `adapter`). */
  readonly kind: DatabaseKind;
  readonly db: Kysely<Database>;
  /** Everything that differs between the databases, chosen once by openStore. */
  readonly adapter: DatabaseAdapter;
  /**
   * Wrap any other write through `store.db` in this (e.g. another area's own tables): on SQLite it
   * waits for a running bulk ingest instead of blocking the event loop on a busy database.
   */
  readonly write: WriteGate;
  /** Background jobs (simulation runs, backtests, imports): graphile-worker on PostgreSQL, in-process on SQLite. */
  readonly jobs: JobQueue;
  readonly pathways: PathwayRepository;
  readonly cases: CaseRepository;
  readonly intervals: IntervalRepository;
  /** Codes of stage and event names in the event log and stays. */
  readonly names: NameRepository;
  readonly tokens: TokenRepository;
  readonly audit: AuditRepository;
  /** Deployment facts shared by every instance on the database (key fingerprint, first admin). */
  readonly settings: SettingsRepository;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Assembles a Store from an open connection (used by openStore). */
export function createStore(db: Kysely<Database>, adapter: DatabaseAdapter): Store {
  let closed = false;
  const { write } = adapter;
  return {
    kind: adapter.kind,
    db,
    adapter,
    write,
    jobs: adapter.jobs,
    pathways: new PathwayRepository(db, write),
    cases: new CaseRepository(db),
    intervals: new IntervalRepository(db),
    names: new NameRepository(db),
    tokens: new TokenRepository(db, write),
    audit: new AuditRepository(db, write),
    settings: new SettingsRepository(db, write),
    close: async () => {
      if (closed) return;
      closed = true;
      await adapter.close();
      await db.destroy();
    },
  };
}
