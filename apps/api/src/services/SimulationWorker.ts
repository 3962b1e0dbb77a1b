import {
  BaselineCache,
  compareScenario,
  runSimulation,
  SimulationCancelledError,
  type WorkerPool,
} from '@continuum/simulator';
import {
  type JobHandler,
  type JobWorker,
  JobWorkerStoppedError,
  type RunKind,
  type RunningJob,
  type RunRecord,
  type RunStatus,
  type SimulationRepository,
  type Store,
} from '@continuum/store';
import { BACKTEST_JOB, prepareBacktest, runBacktest } from './BacktestJob.ts';
import type { CalibrationSource } from './CalibrationSource.ts';
import { prepareSimulation } from './prepareSimulation.ts';
import type { BacktestRequest, SimulationRequest } from './simulationSchemas.ts';

/** The job kind of a simulation run (a single run or a scenario compared with its baseline). */
export const SIMULATION_JOB = 'simulation' satisfies RunKind;

/** The runs a worker executes, by kind (a job's kind is its run's): each kind has its own rows. */
export type RunRepositories = Readonly<Record<RunKind, SimulationRepository>>;

/** What a run computes, given its recorded row and the worker's abort switch and progress. */
type Compute = (
  record: RunRecord,
  run: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
) => Promise<{ result: unknown; done: number }>;

/** The failure title a run of each kind records. */
const FAILED: Record<RunKind, string> = {
  simulation: 'The simulation failed.',
  backtest: 'The backtest failed.',
};

/** What a run records when the process running it stops and `onStop` is 'fail'. */
const STOPPED_BY_SHUTDOWN = {
  title: 'The server stopped during this run.',
  detail: 'The instance running it was shut down before it finished; start the run again.',
};

/** How a worker runs simulation jobs. */
export interface SimulationWorkerOptions {
  /** Worker threads per run (0: in the calling thread). Default: the simulator's (cores, at most 8). */
  workers?: number;
  /** The pool threads come from (default the simulator's process-wide one). */
  pool?: WorkerPool;
  /**
   * How often a running run renews its heartbeat and checks for a cancel, ms (default 1,000; progress
   * writes check too, every 250 ms while replications finish).
   */
  heartbeatMs?: number;
  /**
   * What stopping the worker (stop(), or the store's queue closing) does to a running run: 'fail'
   * records it failed ("the server stopped"; the API's own worker, as before jobs), 'retry' hands
   * the job back to the queue for another worker to start again (`continuum worker` on SIGTERM).
   */
  onStop: 'fail' | 'retry';
  /** Told what becomes of each run this worker takes (the API's runner follows its own runs by these). */
  events?: SimulationWorkerEvents;
}

/**
 * What a worker tells its owner about each run it takes: the API's runner follows the runs it
 * admitted by these while they execute in its process, and reads the rows only of runs elsewhere.
 */
export interface SimulationWorkerEvents {
  /** This worker took the run's job: it executes here until `settled` or `released`. */
  taken(runId: string): void;
  /** Replications done so far (each one, as it ends; the row is written at most every 250 ms). */
  progress(runId: string, done: number, total: number): void;
  /**
   * The run has ended: its final status is written by this worker, or was by another hand (a
   * cancel, before it was taken or while it ran). Not told for a run a later start owns.
   */
  settled(runId: string): void;
  /**
   * This worker let go of the run without ending it: the job went back to the queue (the worker
   * stopped with `onStop: 'retry'`, or a write failed), or a later start owns the run.
   */
  released(runId: string): void;
}

/**
 * Runs simulator jobs in this process, simulation runs and backtests alike: each job is a run
 * recorded in simulation_runs (by the API instance that accepted it). The worker records which
 * start it is (attempt), progress and a heartbeat, and the result or failure in one write that only
 * its own start may make; a cancel from any instance (the run's status) stops it at its next
 * progress or heartbeat write. Only what a run computes differs by kind.
 */
export class SimulationWorker {
  /** Runs executing here: their abort switch. */
  private readonly local = new Map<string, AbortController>();
  /** Lease and progress writes in flight (drained by stop, so none outlives the store). */
  private readonly writes = new Set<Promise<unknown>>();
  private worker: Promise<JobWorker> | undefined;
  /** Baselines this worker ran lately: the next scenario on the same baseline and seed skips its replications. */
  private readonly baselines = new BaselineCache();

  constructor(
    private readonly store: Store,
    private readonly runs: RunRepositories,
    private readonly calibrations: CalibrationSource,
    private readonly options: SimulationWorkerOptions,
  ) {}

  /** Starts taking simulation and backtest jobs from the store's queue, `concurrency` at once in all (idempotent). */
  start(concurrency: number): Promise<JobWorker> {
    this.worker ??= this.store.jobs.work({
      concurrency,
      handlers: {
        [SIMULATION_JOB]: this.handler(SIMULATION_JOB, this.simulate),
        [BACKTEST_JOB]: this.handler(BACKTEST_JOB, this.backtest),
      },
    });
    return this.worker;
  }

  /** True once start() was called. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Runs executing in this process now. */
  get running(): number {
    return this.local.size;
  }

  /** Stops a run executing here at once (the cancel itself is recorded by the caller). */
  abort(runId: string): void {
    this.local.get(runId)?.abort();
  }

  /** Stops taking jobs, stops the running ones (see `onStop`) and waits for their last writes. */
  async stop(): Promise<void> {
    const worker = await this.worker?.catch(() => undefined);
    await worker?.stop(new JobWorkerStoppedError());
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** The handler of one kind of job: its run's rows, and what it computes. */
  private handler(kind: RunKind, compute: Compute): JobHandler {
    return async (job) => {
      const id = String(job.payload.runId);
      const events = this.options.events;
      events?.taken(id);
      let ended = false;
      try {
        ended = await this.run(kind, compute, id, job);
      } finally {
        if (ended) events?.settled(id);
        else events?.released(id);
      }
    };
  }

  /**
   * Runs a job's run: true once it has ended (its final status written by this start, or by another
   * hand before: a cancel, a failure a reader declared, or before it was taken), false when a later
   * start owns it: that start ends it, so this one must not report it ended (a failed write
   * throws: the queue starts the job again).
   */
  private async run(kind: RunKind, compute: Compute, id: string, job: RunningJob): Promise<boolean> {
    const repo = this.runs[kind];
    const attempt = job.attempt;
    const record = await repo.getRun(id, false);
    // Cancelled while queued, or deleted: it has ended. Refused by begin: a later start owns it (or
    // it ended just now); its row tells which.
    if (record?.status !== 'running') return true;
    if (!(await repo.begin(id, attempt))) return false;
    // Ends the run as this start; when the write is refused, the row tells whether the run had
    // ended (true) or a later start owns it (false).
    const end = async (
      status: Exclude<RunStatus, 'running'>,
      body: Parameters<SimulationRepository['finish']>[2],
    ): Promise<boolean> =>
      (await repo.finish(id, status, body, attempt)) || (await repo.getRun(id, false))?.status !== 'running';
    const controller = new AbortController();
    const stop = () => controller.abort(job.signal.reason);
    if (job.signal.aborted) stop();
    job.signal.addEventListener('abort', stop);
    this.local.set(id, controller);
    // While it runs, the row's heartbeat is renewed; a status other than running (cancelled from
    // any instance, declared failed) or a later start owning the run stops it here.
    const check = (write: Promise<unknown>) =>
      this.track(
        write.then((status) => {
          if (status !== 'running') controller.abort();
        }),
      );
    const heartbeat = setInterval(
      () => check(repo.heartbeat(id, attempt)),
      this.options.heartbeatMs ?? 1_000,
    );
    heartbeat.unref();
    let lastWrite = 0;
    const onProgress = (done: number, total: number) => {
      this.options.events?.progress(id, done, total);
      const now = Date.now();
      if (now - lastWrite < 250 && done < total) return;
      lastWrite = now;
      check(repo.progress(id, done, attempt));
    };
    try {
      const { result, done } = await compute(record, { signal: controller.signal, onProgress });
      return await end('done', { result, done });
    } catch (e) {
      // A request that no longer prepares (e.g. the pathway version or its recorded stays went away
      // while it was queued) fails the run like any other error of its computation.
      if (!(e instanceof SimulationCancelledError))
        return await end('failed', {
          error: { title: FAILED[kind], detail: e instanceof Error ? e.message : String(e) },
        });
      if (controller.signal.reason instanceof JobWorkerStoppedError && this.options.onStop === 'fail')
        return await end('failed', { error: STOPPED_BY_SHUTDOWN });
      if (job.signal.aborted)
        // Stopped with the worker (or its database connection lost): another worker starts it again.
        throw new Error(`The worker running this ${kind} stopped; it is started again by another worker.`);
      // Cancelled (from any instance: its row says so already), or a later start owns the run.
      return await end('cancelled', {});
    } finally {
      clearInterval(heartbeat);
      job.signal.removeEventListener('abort', stop);
      this.local.delete(id);
    }
  }

  /** Threads per run and where they come from (the worker's options). */
  private get threads(): { workers?: number; pool?: WorkerPool } {
    return {
      ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
      ...(this.options.pool ? { pool: this.options.pool } : {}),
    };
  }

  /** A simulation run: the scenario alone, or compared with its baseline (common random numbers). */
  private readonly simulate: Compute = async (record, run) => {
    const prepared = await prepareSimulation(
      this.store,
      this.calibrations,
      record.request as SimulationRequest,
    );
    const { baseline, scenarioPathway, scenario, options, compare, total } = prepared;
    const result = await (compare
      ? compareScenario({
          ...options,
          pathway: baseline,
          scenario,
          baselines: this.baselines,
          ...run,
          ...this.threads,
        })
      : runSimulation({ ...options, pathway: scenarioPathway, ...run, ...this.threads }));
    return { result, done: total };
  };

  /** A backtest: checked again against the record as it is now, then run from T. */
  private readonly backtest: Compute = async (record, run) => {
    const request = record.request as BacktestRequest;
    const prepared = await prepareBacktest(this.store, this.calibrations, request);
    return { result: await runBacktest(prepared, { ...run, ...this.threads }), done: request.replications };
  };

  /** Keeps a lease or progress write until it settles (its failure is ignored: the next one retries). */
  private track(write: Promise<unknown>): void {
    const p = write.catch(() => undefined).finally(() => this.writes.delete(p));
    this.writes.add(p);
  }
}
