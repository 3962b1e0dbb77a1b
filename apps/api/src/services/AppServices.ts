import type { LiveIndex } from '@continuum/analytics';
import { WorkerPool } from '@continuum/simulator';
import type { ImportJobRepository, SimulationRepository, Store } from '@continuum/store';
import { BacktestService } from './BacktestService.ts';
import { CalibrationSource } from './CalibrationSource.ts';
import { ImportWorker, type ImportWorkerOptions } from './ImportWorker.ts';
import { importJobsOf } from './importJobsOf.ts';
import { newLiveIndex } from './liveIndexFor.ts';
import { runRepositories } from './runRepositories.ts';
import type { SimulationLimits } from './SimulationAdmission.ts';
import { SimulationRunner } from './SimulationRunner.ts';
import { warmSimulation } from './warmSimulation.ts';

/** How simulation runs are run and followed (tests make them small and fast; the server keeps defaults). */
export interface SimulationServiceOptions {
  /** Worker threads per run (0: in the request thread). Default: cores, at most 8. */
  workers?: number;
  /** How often the SSE progress stream polls the run's row, ms (default 300). */
  pollMs?: number;
  /** How often a running run renews its heartbeat and checks for a cancel, ms (default 1 s). */
  heartbeatMs?: number;
  /** A running run whose lease is older than this is reported failed, ms (default 30 s). */
  staleAfterMs?: number;
  /**
   * Run simulation jobs in this process too (default true); false only queues them for `continuum
   * worker` processes (PostgreSQL; `continuum serve --no-worker`).
   */
  worker?: boolean;
}

/** The long-lived parts an app is built on; createApp makes them and its close() closes them. */
export interface AppServices {
  /** Runs, scenarios and their leases in the database. */
  readonly simulations: SimulationRepository;
  /** Accepts, queues and cancels simulation runs and backtests; runs them too unless `worker: false`. */
  readonly runner: SimulationRunner;
  /** Backtests as jobs: checked here, queued by the runner, read back from their rows. */
  readonly backtests: BacktestService;
  /** Calibrations from the recorded stays (shared by runs and GET /api/calibration). */
  readonly calibrations: CalibrationSource;
  /** The analytics index the map, KPIs and exports read. */
  readonly liveIndex: LiveIndex;
  /** The worker threads of this app's simulation runs. */
  readonly pool: WorkerPool;
  /** Large imports queued as jobs, and this process's worker for them (none with `worker: false`). */
  readonly imports: { readonly repo: ImportJobRepository; readonly worker: ImportWorker | undefined };
  /** Starts this process's job workers (simulations, imports) unless `worker: false`; idempotent. */
  startWorkers(): Promise<void>;
  /**
   * Loads the analytics index in the background and readies the first what-if question (each
   * pathway's calibration and live stock, the simulation threads: warmSimulation); close stops and
   * waits for both. Resolves when both are done; only an index failure is reported (to onError): a
   * failed simulation warm-up only leaves the first run to do that work itself.
   */
  warmUp(onError: (error: unknown) => void): Promise<void>;
  /**
   * Stops running simulations (recorded failed: the server stopped) and waits for a running import
   * to commit or roll back, then closes the worker pool.
   */
  close(): Promise<void>;
}

/** Makes an app's services over a store (the store itself stays the caller's to close). */
export function createAppServices(
  store: Store,
  options: SimulationServiceOptions & {
    limits?: Partial<SimulationLimits> | undefined;
    /** The deployment's key: the import worker pseudonymises with it, and the uploads' pieces are sealed with a key derived from it. */
    hmacKey: Buffer;
    /** How this process's import worker treats uploads cut off mid-way. */
    imports?: ImportWorkerOptions | undefined;
  },
): AppServices {
  const runs = runRepositories(store, options.staleAfterMs);
  const calibrations = new CalibrationSource(store);
  const pool = new WorkerPool();
  const runner = new SimulationRunner(store, runs, {
    calibrations,
    pool,
    limits: options.limits,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.worker !== undefined ? { worker: options.worker } : {}),
  });
  const importJobs = importJobsOf(store, options.hmacKey);
  const imports = {
    repo: importJobs,
    worker:
      options.worker === false
        ? undefined
        : new ImportWorker(store, importJobs, options.hmacKey, options.imports),
  };
  const liveIndex = newLiveIndex(store);
  let warming: Promise<unknown> | undefined;
  let warmingSimulation: Promise<unknown> | undefined;
  const stopWarming = new AbortController();
  let closing: Promise<void> | undefined;
  return {
    simulations: runs.simulation,
    runner,
    backtests: new BacktestService(store, calibrations, runner, runs.backtest),
    calibrations,
    liveIndex,
    pool,
    imports,
    startWorkers: async () => {
      if (closing) return;
      await runner.startWorker();
      await imports.worker?.start();
    },
    warmUp: async (onError) => {
      warming = liveIndex.refresh().catch((error: unknown) => {
        if (!closing) onError(error);
      });
      // An instance that runs no simulations still answers GET /api/calibration: no threads, though.
      const workers = options.worker === false ? 0 : options.workers;
      warmingSimulation = warmSimulation(store, calibrations, { pool, workers }, stopWarming.signal).catch(
        () => undefined,
      );
      await Promise.all([warming, warmingSimulation]);
    },
    close: () => {
      closing ??= (async () => {
        stopWarming.abort();
        await runner.close();
        await imports.worker?.stop();
        await warmingSimulation;
        await pool.close();
        await warming;
      })();
      return closing;
    },
  };
}
