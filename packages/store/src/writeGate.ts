import type { WriteLock } from './writeLock.ts';

/**
 * Runs a write: on SQLite under the store's write lock (so it waits for a running bulk ingest
 * instead of blocking the event loop on a busy database), on PostgreSQL directly.
 */
export type WriteGate = <T>(write: () => Promise<T>) => Promise<T>;

/** The gate for an engine. */
export function writeGate(engine: 'sqlite' | 'postgres', lock: WriteLock): WriteGate {
  return engine === 'sqlite' ? (write) => lock.run(write) : (write) => write();
}
