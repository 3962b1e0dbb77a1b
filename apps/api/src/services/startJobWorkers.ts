import { WorkerPool } from '@continuum/simulator';
import type { Store } from '@continuum/store';
import { CalibrationSource } from './CalibrationSource.ts';
import { ImportWorker } from './ImportWorker.ts';
import { importJobsOf } from './importJobsOf.ts';
import { runRepositories } from './runRepositories.ts';
import { SimulationWorker } from './SimulationWorker.ts';

/** A worker process's job workers (`continuum worker`). */
export interface RunningJobWorkers {
  /** Simulation runs and backtests executing here now. */
  readonly running: number;
  /** Stops taking jobs; running runs go back to the queue for another worker, an import ends whole; then threads end. */
  stop(): Promise<void>;
}

/**
 * Starts taking jobs from the store's queue in this process (`continuum worker`): simulation runs
 * and backtests, `concurrency` at once with `threads` simulator threads each, and, given the deployment's HMAC key,
 * large imports one at a time. Stopping hands running simulations back to the queue (another worker
 * starts them again) rather than failing them; the store stays the caller's.
 */
export async function startJobWorkers(
  store: Store,
  options: { concurrency: number; threads?: number; heartbeatMs?: number; hmacKey?: Buffer },
): Promise<RunningJobWorkers> {
  const pool = new WorkerPool();
  const simulations = new SimulationWorker(store, runRepositories(store), new CalibrationSource(store), {
    onStop: 'retry',
    pool,
    ...(options.threads !== undefined ? { workers: options.threads } : {}),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  const imports = options.hmacKey
    ? new ImportWorker(store, importJobsOf(store, options.hmacKey), options.hmacKey)
    : undefined;
  await simulations.start(options.concurrency);
  await imports?.start();
  let stopping: Promise<void> | undefined;
  return {
    get running() {
      return simulations.running;
    },
    stop: () => {
      stopping ??= (async () => {
        await simulations.stop();
        await imports?.stop();
        await pool.close();
      })();
      return stopping;
    },
  };
}
