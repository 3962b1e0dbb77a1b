/**
 * A FIFO async mutex for work that must not interleave on one connection: on SQLite every write (a
 * move, a bulk ingest spanning many awaits); on PostgreSQL an ingest's statements and a worker's
 * liveness locks (pg refuses overlapping queries on one client from version 9).
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` after every earlier holder has finished. */
  run<T>(fn: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
