import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Aggregator } from './Aggregator.ts';
import { SimulationCancelledError } from './errors.ts';
import type { ReplicationResult } from './ReplicationResult.ts';
import { runReplication, type RunSettings } from './runReplication.ts';
import type { SimModel } from './SimModel.ts';

// Workers run the TypeScript source like the rest of the monorepo (no build step): a tiny ESM
// bootstrap registers tsx's loader inside the thread, then imports the worker module. This works
// under tsx and under vitest alike (`execArgv: ['--import', 'tsx']` does not reach Node 20 workers).
const WORKER_ENTRY = new URL('./replicationWorker.ts', import.meta.url).href;
const TSX_API = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
).href;
const WORKER_BOOTSTRAP = `
const { workerData } = await import('node:worker_threads');
const { register } = await import(workerData.tsx);
register();
await import(workerData.entry);
`;

/** How to spread replications: thread count, progress and cancellation. */
export interface PoolOptions {
  replications: number;
  /** Worker threads; 0 runs in this thread (still yielding between replications). Default: cores, at most 8. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Receives every replication in order (e.g. a second aggregator, or CRN differences). */
  onReplication?: (r: ReplicationResult) => void;
}

/** Default worker count: the machine's parallelism, capped so a server is not swamped. */
export function defaultWorkers(replications: number): number {
  return Math.max(0, Math.min(8, availableParallelism(), replications));
}

/**
 * Runs replications 0..N-1 and folds them in replication order. Workers pull replication numbers
 * from a shared counter (fast threads do more); an out-of-order result waits in a small buffer until
 * its predecessors arrive, so the result is identical for any worker count.
 */
export async function runReplications(
  model: SimModel,
  settings: RunSettings,
  options: PoolOptions,
): Promise<Aggregator> {
  const total = options.replications;
  const buckets = Math.max(1, Math.ceil(settings.horizonDays / settings.bucketDays));
  const aggregator = new Aggregator(model.stages, buckets);
  const workers = Math.min(options.workers ?? defaultWorkers(total), total);
  const fold = (r: ReplicationResult) => {
    aggregator.add(r);
    options.onReplication?.(r);
  };
  if (workers <= 0) {
    for (let i = 0; i < total; i++) {
      if (options.signal?.aborted) throw new SimulationCancelledError();
      fold(runReplication(model, settings, i));
      options.onProgress?.(i + 1, total);
      if (i % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
    }
    return aggregator;
  }
  return new Promise<Aggregator>((resolve, reject) => {
    const pool: Worker[] = [];
    const pending = new Map<number, ReplicationResult>();
    let next = 0;
    let folded = 0;
    let finished = false;
    const stop = (error?: unknown) => {
      if (finished) return;
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of pool) void w.terminate();
      if (error) reject(error);
      else resolve(aggregator);
    };
    const onAbort = () => stop(new SimulationCancelledError());
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    for (let k = 0; k < workers; k++) {
      const worker = new Worker(WORKER_BOOTSTRAP, {
        eval: true,
        workerData: { model, settings, entry: WORKER_ENTRY, tsx: TSX_API },
      });
      pool.push(worker);
      worker.on('error', (e) => stop(e));
      worker.on('message', (r: ReplicationResult) => {
        if (finished) return;
        pending.set(r.replication, r);
        while (pending.has(folded)) {
          fold(pending.get(folded)!);
          pending.delete(folded);
          folded++;
          options.onProgress?.(folded, total);
        }
        if (folded === total) return stop();
        if (next < total) worker.postMessage(next++);
      });
      worker.postMessage(next++);
    }
  });
}
