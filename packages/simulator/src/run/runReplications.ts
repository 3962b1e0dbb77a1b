import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { Aggregator } from './Aggregator.ts';
import { bucketCount } from '../engine/calendar.ts';
import { SimulationCancelledError } from '../errors.ts';
import type { ReplicationResult } from '../engine/ReplicationResult.ts';
import type { WorkerRequest } from './replicationWorker.ts';
import { runReplication, type RunSettings } from './runReplication.ts';
import type { SimModel } from '../engine/SimModel.ts';
import { type WorkerPool, workerPool } from './WorkerPool.ts';

/** Replications sent ahead to each worker, so a thread never idles waiting for its next number. */
const IN_FLIGHT = 2;
let runIds = 0;

/** How to spread replications: thread count, progress and cancellation. */
export interface PoolOptions {
  replications: number;
  /** Worker threads; 0 runs in this thread (still yielding between replications). Default: cores, at most 8. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Where threads come from (default the process-wide pool); a server passes its own to close it. */
  pool?: WorkerPool;
}

/** Default worker count: the machine's parallelism, capped so a server is not swamped. */
export function defaultWorkers(replications: number): number {
  return Math.max(0, Math.min(8, availableParallelism(), replications));
}

/**
 * Runs replications 0..N-1 and folds them in replication order. Threads come from the process-wide
 * pool (started once, reused by later runs); each keeps two replication numbers in flight and pulls
 * the next from a shared counter as it finishes (fast threads do more, none idles waiting); an
 * out-of-order result waits in a small buffer until its predecessors arrive, so the result is
 * identical for any worker count.
 */
export async function runReplications(
  model: SimModel,
  settings: RunSettings,
  options: PoolOptions,
): Promise<Aggregator> {
  const total = options.replications;
  const buckets = bucketCount(settings.horizonDays, settings.bucketDays);
  const aggregator = new Aggregator(model.stages, buckets);
  const workers = Math.min(options.workers ?? defaultWorkers(total), total);
  const fold = (r: ReplicationResult) => aggregator.add(r);
  if (workers <= 0) {
    for (let i = 0; i < total; i++) {
      if (options.signal?.aborted) throw new SimulationCancelledError();
      fold(runReplication(model, settings, i));
      options.onProgress?.(i + 1, total);
      if (i % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
    }
    return aggregator;
  }
  const runId = ++runIds;
  const threads = options.pool ?? workerPool;
  return new Promise<Aggregator>((resolve, reject) => {
    let pool: Worker[] = [];
    const pending = new Map<number, ReplicationResult>();
    let next = 0;
    let folded = 0;
    let finished = false;
    const stop = (error?: unknown) => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      // A clean finish has nothing in flight, so its threads go back to the pool; after an
      // error or a cancel they may still be computing, so they are terminated.
      if (error) for (const w of pool) void w.terminate();
      else threads.release(pool);
      if (error) reject(error);
      else resolve(aggregator);
    };
    const onAbort = () => stop(new SimulationCancelledError());
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    const send = (worker: Worker) => {
      if (next < total)
        worker.postMessage({ type: 'replication', runId, replication: next++ } satisfies WorkerRequest);
    };
    pool = threads.acquire(workers);
    for (const worker of pool) {
      worker.on('error', (e) => stop(e));
      worker.on('message', (m: { runId: number; result: ReplicationResult }) => {
        if (finished || m.runId !== runId) return;
        const r = m.result;
        pending.set(r.replication, r);
        while (pending.has(folded)) {
          fold(pending.get(folded)!);
          pending.delete(folded);
          folded++;
          options.onProgress?.(folded, total);
        }
        if (folded === total) return stop();
        send(worker);
      });
      worker.postMessage({ type: 'run', runId, model, settings } satisfies WorkerRequest);
    }
    // Round-robin start so every thread gets work at once, then each pulls as it finishes.
    for (let k = 0; k < IN_FLIGHT; k++) for (const worker of pool) send(worker);
  });
}
