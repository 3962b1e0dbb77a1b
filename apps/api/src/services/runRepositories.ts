import { SimulationRepository, type Store } from '@continuum/store';
import type { RunRepositories } from './SimulationWorker.ts';

/**
 * The rows of both kinds of run (simulation runs, backtests) over a store, each with the same lease:
 * a run whose heartbeat is older than `staleAfterMs` (default 30 s) is reported failed unless its job
 * is still queued or held by a worker (queued for longer than the window is waiting, not dead).
 * The one place an API instance and a `continuum worker` make them, so both kinds agree.
 */
export function runRepositories(store: Store, staleAfterMs?: number): RunRepositories {
  const alive = (id: string) => jobAlive(store, id);
  return {
    simulation: new SimulationRepository(store.db, store.write, staleAfterMs, alive),
    backtest: new SimulationRepository(store.db, store.write, staleAfterMs, alive, 'backtest'),
  };
}

/** True while a run's job is queued or held by a worker (so its old heartbeat does not mean it died). */
async function jobAlive(store: Store, runId: string): Promise<boolean> {
  const job = await store.jobs.status(runId);
  return job !== undefined && job.state !== 'failed';
}
