/**
 * A FIFO async mutex. On SQLite every write (a move, a bulk ingest spanning many awaits) runs under it
 * so a long ingest transaction never interleaves with another writer on the same connection.
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
