/**
 * Runs a write: on SQLite under the store's write lock (so it waits for a running bulk ingest
 * instead of blocking the event loop on a busy database), on PostgreSQL directly.
 */
export type WriteGate = <T>(write: () => Promise<T>) => Promise<T>;
