import type { Worker } from 'node:worker_threads';
import { typescriptWorker } from '@continuum/threads';

// Workers load the engine through tsx's in-thread require hook (see typescriptWorker), so hot code
// must not read imported bindings (each read is a getter call there; see engine/SimulationEngine.ts).
const WORKER_ENTRY = new URL('./replicationWorker.ts', import.meta.url);
const MAX_IDLE = 8;

/**
 * Replication threads started once per process and reused by every run: a new thread loads the
 * engine's TypeScript and warms up its JIT (~0.3 s wall more for a cold pool on the Jersey
 * benchmark), which a server answering many what-if questions should pay once, not per run. Idle threads are unref'd so they never keep a process
 * alive; a cancelled or failed run's threads are terminated instead of returned (they may be busy).
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  /** Every thread this pool started that has not exited yet (idle or busy). */
  private readonly live = new Set<Worker>();
  /** Resolves when each live thread exits. */
  private readonly exits = new Map<Worker, Promise<void>>();

  /** Takes `count` threads, reusing idle ones and starting the rest. */
  acquire(count: number): Worker[] {
    const taken = this.idle.splice(0, count);
    while (taken.length < count) {
      const w = typescriptWorker(WORKER_ENTRY, undefined);
      this.live.add(w);
      // A thread that dies while idle must not be handed out again.
      this.exits.set(
        w,
        new Promise<void>((resolve) =>
          w.once('exit', () => {
            const i = this.idle.indexOf(w);
            if (i >= 0) this.idle.splice(i, 1);
            this.live.delete(w);
            this.exits.delete(w);
            resolve();
          }),
        ),
      );
      taken.push(w);
    }
    for (const w of taken) w.ref();
    return taken;
  }

  /** Thread ids of the idle threads (tests check reuse). */
  get idleThreadIds(): number[] {
    return this.idle.map((w) => w.threadId);
  }

  /** Returns threads that finished cleanly (no replication in flight). */
  release(workers: Worker[]): void {
    for (const w of workers) {
      w.removeAllListeners('message');
      w.removeAllListeners('error');
      if (this.idle.length >= MAX_IDLE) {
        void w.terminate();
        continue;
      }
      w.unref();
      this.idle.push(w);
    }
  }

  /** Number of idle threads (for tests). */
  get idleCount(): number {
    return this.idle.length;
  }

  /** Threads started by this pool that have not exited, idle or busy (shutdown tests check 0). */
  get liveCount(): number {
    return this.live.size;
  }

  /**
   * Terminates idle threads and waits until every thread this pool started has exited (those of a
   * cancelled run were already told to terminate). Call it once no run is using the pool.
   */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
    await Promise.all([...this.exits.values()]);
  }
}

/** The process-wide pool every run shares. */
export const workerPool = new WorkerPool();
