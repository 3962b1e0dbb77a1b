import { WorkerPool } from '@continuum/simulator';
import { SimulationRepository, type Store } from '@continuum/store';
import { jobAlive } from './AppServices.ts';
import { CalibrationSource } from './CalibrationSource.ts';
import { SimulationWorker } from './SimulationWorker.ts';

/** A worker process's simulation worker (`continuum worker`). */
export interface RunningSimulationWorker {
  /** Runs executing here now. */
  readonly running: number;
  /** Stops taking jobs; running runs go back to the queue for another worker, then threads end. */
  stop(): Promise<void>;
}

/**
 * Starts taking simulation jobs from the store's queue in this process, `concurrency` runs at once
 * with `threads` simulator threads each (`continuum worker`). Stopping hands running jobs back to the
 * queue (another worker starts them again) rather than failing them; the store stays the caller's.
 */
export async function startSimulationWorker(
  store: Store,
  options: { concurrency: number; threads?: number; heartbeatMs?: number },
): Promise<RunningSimulationWorker> {
  const repo = new SimulationRepository(store.db, store.write, undefined, (id) => jobAlive(store, id));
  const pool = new WorkerPool();
  const worker = new SimulationWorker(store, repo, new CalibrationSource(store), {
    onStop: 'retry',
    pool,
    ...(options.threads !== undefined ? { workers: options.threads } : {}),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  await worker.start(options.concurrency);
  let stopping: Promise<void> | undefined;
  return {
    get running() {
      return worker.running;
    },
    stop: () => {
      stopping ??= (async () => {
        await worker.stop();
        await pool.close();
      })();
      return stopping;
    },
  };
}
