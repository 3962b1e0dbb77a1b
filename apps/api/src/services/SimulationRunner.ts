import { randomUUID } from 'node:crypto';
import type { WorkerPool } from '@continuum/simulator';
import type { PathwayVersion, RunKind, Store } from '@continuum/store';
import { CalibrationSource } from './CalibrationSource.ts';
import { prepareSimulation, publishedVersion } from './prepareSimulation.ts';
import { replicationYears, SimulationAdmission, type SimulationLimits } from './SimulationAdmission.ts';
import type { SimulationRequest } from './simulationSchemas.ts';
import { SimulationServiceClosedError } from './SimulationServiceClosedError.ts';
import { type RunRepositories, SIMULATION_JOB, SimulationWorker } from './SimulationWorker.ts';

/** How a runner runs: threads per run and where they come from, lease timing, limits, its own worker. */
export interface SimulationRunnerOptions {
  /** Worker threads per run (0: in the calling thread). Default: the simulator's (cores, at most 8). */
  workers?: number;
  /** The pool threads come from (default the simulator's process-wide one). */
  pool?: WorkerPool;
  /** How often a running run renews its heartbeat and checks for a cancel, ms (default 1 s). */
  heartbeatMs?: number;
  limits?: Partial<SimulationLimits> | undefined;
  /** The calibration adapter to share with GET /api/calibration (default a new one). */
  calibrations?: CalibrationSource;
  /**
   * Run simulation jobs in this process too (default true: a worker taking up to `maxRunsGlobal`
   * jobs at once, started on the first run or by startWorker()). False: runs are only queued, for
   * `continuum worker` processes to run (PostgreSQL).
   */
  worker?: boolean;
  /**
   * How often this instance reads the rows of the runs it admitted that are queued or execute
   * elsewhere (progress for Retry-After, and their end, to free their slots), ms (default 500).
   */
  watchMs?: number;
}

/** What a run records when the runner closed while it was being recorded (it was never queued). */
const CLOSED_BEFORE_QUEUED = {
  title: 'The server stopped before this run was queued.',
  detail: 'The instance that accepted it was shutting down; start the run again.',
};

/** A run this instance admitted, until it ends wherever it runs. */
interface Admitted {
  /** Which kind of run (and so which rows) it is. */
  kind: RunKind;
  slot: { progress(fraction: number): void; release(): void };
  ended: Promise<void>;
  end(): void;
  /**
   * True while this process's worker executes it: its events report progress and end. False while
   * it is queued or executes elsewhere (another instance, `continuum worker`): its row is read.
   */
  here: boolean;
}

/**
 * Accepts simulation runs and backtests: validates simulation runs (BacktestService validates
 * backtests), applies the limits, records the run and queues it as a job (store.jobs:
 * graphile-worker on PostgreSQL, in-process on SQLite; this code does not branch).
 * Any worker runs it (this process's own by default); status, progress, results and cancel
 * requests go through the shared tables, so any instance can serve GET, SSE and DELETE. The runner
 * follows the runs it admitted until they end, to free their slots: from its own worker's events
 * while they execute here, from their rows while they wait in the queue or execute elsewhere.
 */
export class SimulationRunner {
  private readonly admitted = new Map<string, Admitted>();
  private closing = false;
  private watcher: NodeJS.Timeout | undefined;
  private readonly calibrations: CalibrationSource;
  /** This process's worker (undefined with `worker: false`). */
  private readonly worker: SimulationWorker | undefined;
  /** The limits on simulation work (per run, per token, per instance). */
  readonly admission: SimulationAdmission;

  constructor(
    private readonly store: Store,
    /** The rows of each kind of run (runRepositories: the same lease as the workers'). */
    private readonly runs: RunRepositories,
    private readonly options: SimulationRunnerOptions = {},
  ) {
    this.calibrations = options.calibrations ?? new CalibrationSource(store);
    this.admission = new SimulationAdmission(options.limits);
    this.worker =
      options.worker === false
        ? undefined
        : new SimulationWorker(store, this.runs, this.calibrations, {
            onStop: 'fail',
            events: {
              taken: (id) => this.follow(id, true),
              progress: (id, done, total) => this.admitted.get(id)?.slot.progress(total ? done / total : 0),
              settled: (id) => this.ended(id),
              released: (id) => this.follow(id, false),
            },
            ...(options.workers !== undefined ? { workers: options.workers } : {}),
            ...(options.pool ? { pool: options.pool } : {}),
            ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
          });
  }

  /** Resolves the published version a request names (latest when no version is given). */
  version(pathwayId: string, version?: number): Promise<PathwayVersion> {
    return publishedVersion(this.store, pathwayId, version);
  }

  /** Starts this process's worker (the server does at start, so it runs jobs other instances queued). */
  async startWorker(): Promise<void> {
    if (this.closing || !this.worker) return;
    await this.worker.start(this.admission.limits.maxRunsGlobal);
  }

  /**
   * Validates everything a run needs (throws SimulationRequestError), checks the limits on
   * simulation work (SimulationLimitError: too large, too many running), records it, queues it,
   * returns its id. Refused once the runner is closing (SimulationServiceClosedError).
   */
  async start(request: SimulationRequest, by: string | null, tokenId = 0): Promise<string> {
    if (this.closing) throw new SimulationServiceClosedError();
    const prepared = await prepareSimulation(this.store, this.calibrations, request);
    this.admission.checkSize(
      replicationYears({ ...prepared.options, warmupDays: prepared.warmupDays }, prepared.compare),
    );
    return this.submit(
      SIMULATION_JOB,
      {
        pathwayId: prepared.version.pathwayId,
        version: prepared.version.version,
        total: prepared.total,
        request,
        by,
      },
      tokenId,
    );
  }

  /**
   * Admits a run whose request and size the caller checked (SimulationLimitError: too many running),
   * records it as a run of its kind, queues its job (keyed by the run id) and returns the id; the
   * slot is held until the run ends wherever it runs. Refused once the runner is closing.
   */
  async submit(
    kind: RunKind,
    run: { pathwayId: string; version: number; total: number; request: unknown; by: string | null },
    tokenId = 0,
  ): Promise<string> {
    if (this.closing) throw new SimulationServiceClosedError();
    const repo = this.runs[kind];
    const slot = this.admission.admit(tokenId);
    const id = randomUUID();
    try {
      await repo.createRun({ id, ...run });
    } catch (error) {
      slot.release();
      throw error;
    }
    let end!: () => void;
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    // Followed from its row once written (see watch); close() frees what is admitted by then.
    this.admitted.set(id, { kind, slot, ended, end, here: false });
    // close() may run while the row is written, the worker starts (startWorker then does nothing)
    // or the job is queued.
    let queued = false;
    try {
      await this.startWorker();
      if (!this.closing) {
        await this.store.jobs.enqueue(kind, { runId: id }, { jobKey: id });
        queued = true;
      }
    } catch (error) {
      await repo
        .finish(id, 'failed', {
          error: {
            title: 'The run could not be queued.',
            detail: error instanceof Error ? error.message : String(error),
          },
        })
        .catch(() => undefined);
      this.ended(id);
      throw error;
    }
    // Closing, it no longer waits for this run: a job still waiting in the queue is taken back (an
    // in-process queue would never run it); one a worker elsewhere holds already goes on there.
    if (this.closing && (!queued || (await this.takeBack(id)))) {
      // False: the run had ended already (its row says how), so the caller gets its id.
      const refused = await repo.finish(id, 'failed', { error: CLOSED_BEFORE_QUEUED }).catch(() => true);
      this.ended(id);
      if (refused) throw new SimulationServiceClosedError();
    }
    this.watch();
    return id;
  }

  /**
   * Cancels a run of the given kind: flags it in the database (seen by whichever worker runs it, at
   * its next progress or heartbeat write), takes its job off the queue, and stops it at once if it
   * runs here. False when no run of that kind with this id is running.
   */
  async cancel(id: string, kind: RunKind = SIMULATION_JOB): Promise<boolean> {
    const cancelled = await this.runs[kind].cancel(id);
    if (!cancelled) return false;
    await this.store.jobs.remove(id).catch(() => undefined);
    this.worker?.abort(id);
    return true;
  }

  /** Waits until every run this instance admitted has its final status written (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.admitted.size > 0) await Promise.all([...this.admitted.values()].map((a) => a.ended));
  }

  /**
   * Resolves once a run admitted here has its final status written (undefined for a run admitted
   * by another instance): the progress stream reads the end at once instead of at its next poll.
   */
  whenEnded(id: string): Promise<void> | undefined {
    return this.admitted.get(id)?.ended;
  }

  /** Number of runs this process's worker is running now. */
  get running(): number {
    return this.worker?.running ?? 0;
  }

  /**
   * Graceful shutdown: refuses new runs, stops this process's worker and waits until each of its
   * runs has recorded its final status: `failed` with the reason "The server stopped during this
   * run" (not `cancelled`: nobody asked for it; not finished: a run may take minutes, longer than an
   * orchestrator waits after SIGTERM). Runs admitted here but running on other workers go on.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.stop();
    if (this.watcher) clearInterval(this.watcher);
    this.watcher = undefined;
    for (const id of [...this.admitted.keys()]) this.ended(id);
  }

  /**
   * Takes a run's job back unless a worker holds it (remove alone cannot tell: it flags a held job
   * too): true when it was still waiting (now removed) or is gone from the queue.
   */
  private async takeBack(id: string): Promise<boolean> {
    const job = await this.store.jobs.status(id).catch(() => undefined);
    if (job?.state === 'running') return false;
    return job?.state === 'queued' ? this.store.jobs.remove(id).catch(() => true) : true;
  }

  /** Frees a run's admission slot once it has ended. */
  private ended(id: string): void {
    const a = this.admitted.get(id);
    if (!a) return;
    this.admitted.delete(id);
    a.slot.release();
    a.end();
  }

  /** Notes whether an admitted run executes in this process's worker (its events) or not (its row). */
  private follow(id: string, here: boolean): void {
    const a = this.admitted.get(id);
    if (!a) return; // admitted by another instance
    a.here = here;
    if (!here) this.watch();
  }

  /**
   * While runs admitted here wait in the queue or execute elsewhere, reads their rows: progress for
   * Retry-After, and their end. Runs this process's worker executes are left to its events.
   */
  private watch(): void {
    if (this.watcher || this.closing) return;
    this.watcher = setInterval(() => {
      const elsewhere = [...this.admitted].filter(([, a]) => !a.here);
      if (elsewhere.length === 0) {
        clearInterval(this.watcher);
        this.watcher = undefined;
        return;
      }
      for (const [id, a] of elsewhere) {
        this.runs[a.kind]
          .getRun(id, false)
          .then((run) => {
            if (run?.status !== 'running') this.ended(id);
            else if (!a.here) a.slot.progress(run.total ? run.done / run.total : 0);
          })
          .catch(() => undefined);
      }
    }, this.options.watchMs ?? 500);
    this.watcher.unref();
  }
}
