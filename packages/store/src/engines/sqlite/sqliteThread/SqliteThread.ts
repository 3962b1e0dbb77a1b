import type { Worker } from 'node:worker_threads';
import { typescriptWorker } from '@continuum/threads';
import type { RowsMessage, ThreadReply, ThreadRequest } from './protocol.ts';

const ENTRY = new URL('./sqliteThreadWorker.ts', import.meta.url);

/**
 * A second SQLite connection that lives on its own thread: bulk ingest sends it batches of rows
 * and goes on parsing and checking the next ones while SQLite writes (better-sqlite3 blocks the
 * thread it runs on, and inserting was over half of an ingest's time). Requests run in the order
 * sent; `run` does not wait, and its failure is reported by the next request that does.
 */
export class SqliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextReply = 1;
  private prepared = 0;
  private stopped: Error | undefined;

  constructor(file: string, pragmas: readonly string[]) {
    this.worker = typescriptWorker(ENTRY, { file, pragmas });
    this.worker.on('message', (m: ThreadReply) => {
      const w = this.waiting.get(m.reply);
      this.waiting.delete(m.reply);
      if ('error' in m) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', () => this.stop(new Error('the SQLite thread stopped')));
    this.worker.unref();
  }

  /** False once the thread has stopped (closed, or died): its store starts a new one. */
  get alive(): boolean {
    return this.stopped === undefined;
  }

  /** Prepares a statement on the thread; returns its handle for run/get. */
  prepare(sql: string): number {
    this.post({ op: 'prepare', sql });
    return this.prepared++;
  }

  /** Runs a prepared statement without waiting (the params array is copied at once, so it can be reused). */
  run(statement: number, params: unknown[]): void {
    this.post({ op: 'run', statement, params });
  }

  /** Sends a numeric batch of rows without waiting; its buffer moves to the thread (do not reuse it). */
  insertRows(rows: RowsMessage): void {
    this.worker.postMessage({ op: 'rows', ...rows }, [rows.values.buffer]);
  }

  /** The first row of a prepared query. */
  get<T>(statement: number, params: unknown[]): Promise<T | undefined> {
    return this.request((reply) => ({ op: 'get', statement, params, reply })) as Promise<T | undefined>;
  }

  /** Runs SQL text (BEGIN, COMMIT...). */
  async exec(sql: string): Promise<void> {
    await this.request((reply) => ({ op: 'exec', sql, reply }));
  }

  /** Resolves when everything sent before it has run; rejects if any of it failed. */
  async sync(): Promise<void> {
    await this.request((reply) => ({ op: 'sync', reply }));
  }

  /** Rolls back an open transaction and clears a failure, so the thread can serve the next ingest. */
  async rollback(): Promise<void> {
    await this.request((reply) => ({ op: 'rollback', reply }));
  }

  /** Stops the thread (its connection closes with it). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private post(m: ThreadRequest): void {
    this.worker.postMessage(m);
  }

  private request(make: (reply: number) => ThreadRequest): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const reply = this.nextReply++;
    return new Promise((resolve, reject) => {
      this.waiting.set(reply, { resolve, reject });
      // Waiting on an answer must keep the process alive; an idle thread must not.
      this.worker.ref();
      this.post(make(reply));
    }).finally(() => {
      if (this.waiting.size === 0) this.worker.unref();
    });
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}
