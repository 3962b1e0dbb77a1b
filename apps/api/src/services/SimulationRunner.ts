import { randomUUID } from 'node:crypto';
import type { CompiledPathway } from '@continuum/machines';
import {
  applyScenario,
  compareScenario,
  prepareRun,
  runSimulation,
  SimulationCancelledError,
  type LiveCase,
  type Scenario,
  type WorkerPool,
} from '@continuum/simulator';
import { HEARTBEAT_MS, type PathwayVersion, type SimulationRepository, type Store } from '@continuum/store';
import { CalibrationSource } from './CalibrationSource.ts';
import { replicationYears, SimulationAdmission, type SimulationLimits } from './SimulationAdmission.ts';
import { SimulationRequestError } from './SimulationRequestError.ts';
import type { SimulationRequest } from './simulationSchemas.ts';
import { SimulationServiceClosedError } from './SimulationServiceClosedError.ts';

/** How a runner runs: threads per run and where they come from, lease timing, limits. */
export interface SimulationRunnerOptions {
  /** Worker threads per run (0: in the calling thread). Default: the simulator's (cores, at most 8). */
  workers?: number;
  /** The pool threads come from (default the simulator's process-wide one). */
  pool?: WorkerPool;
  /** How often a running instance renews its lease on a run (default HEARTBEAT_MS, 5 s). */
  heartbeatMs?: number;
  limits?: Partial<SimulationLimits> | undefined;
  /** The calibration adapter to share with GET /api/calibration (default a new one). */
  calibrations?: CalibrationSource;
}

/** What a run records when the server stops under it (see SimulationRunner.close). */
const STOPPED_BY_SHUTDOWN = {
  title: 'The server stopped during this run.',
  detail: 'The instance running it was shut down before it finished; start the run again.',
};

/**
 * Starts simulation runs in this process and records their progress and results in the database.
 * Only the AbortControllers of local runs live in memory; status, progress, results and cancel
 * requests go through the shared tables, so any instance can serve GET, SSE and DELETE.
 */
export class SimulationRunner {
  /** Local runs: their abort switch and the promise that settles once their final status is written. */
  private readonly local = new Map<string, { controller: AbortController; settled: Promise<void> }>();
  /** Lease and progress writes in flight (awaited by close, so none outlives the store). */
  private readonly writes = new Set<Promise<unknown>>();
  private closing = false;
  private readonly calibrations: CalibrationSource;
  /** The limits on simulation work (per run, per token, per instance). */
  readonly admission: SimulationAdmission;

  constructor(
    private readonly store: Store,
    private readonly repo: SimulationRepository,
    private readonly options: SimulationRunnerOptions = {},
  ) {
    this.calibrations = options.calibrations ?? new CalibrationSource(store);
    this.admission = new SimulationAdmission(options.limits);
  }

  /** Resolves the published version a request names (latest when no version is given). */
  async version(pathwayId: string, version?: number): Promise<PathwayVersion> {
    const v =
      version === undefined
        ? await this.store.pathways.latest(pathwayId)
        : await this.store.pathways.get(pathwayId, version);
    if (!v)
      throw new SimulationRequestError(
        'not_found',
        'pathway_not_found',
        `No published pathway "${pathwayId}"${version ? ` version ${version}` : ''}.`,
      );
    return v;
  }

  /**
   * Validates everything a run needs (throws SimulationRequestError), checks the limits on
   * simulation work (SimulationLimitError: too large, too many running), records it, starts it,
   * returns its id. Refused once the runner is closing (SimulationServiceClosedError).
   */
  async start(request: SimulationRequest, by: string | null, tokenId = 0): Promise<string> {
    if (this.closing) throw new SimulationServiceClosedError();
    const version = await this.version(request.pathwayId, request.version);
    let baseline: CompiledPathway = this.store.pathways.compiled(version);
    if (request.calibrationId !== undefined) {
      if (request.calibrationId !== CalibrationSource.idOf(version))
        throw new SimulationRequestError(
          'invalid',
          'unknown_calibration',
          `Calibration "${request.calibrationId}" does not belong to ${CalibrationSource.idOf(version)}.`,
          [
            {
              path: ['calibrationId'],
              code: 'unknown_calibration',
              message: `Use "${CalibrationSource.idOf(version)}" (see GET /api/calibration).`,
            },
          ],
        );
      const cal = await this.calibrations.calibration(version, baseline);
      if (!cal)
        throw new SimulationRequestError(
          'invalid',
          'no_data',
          'There are no recorded cases to calibrate this pathway from.',
        );
      baseline = cal.compiled;
    }
    const scenario = request.scenario as Scenario;
    const changes = Object.keys(scenario).some((k) => k !== 'name');
    const scenarioPathway = changes ? applyScenario(baseline, scenario) : baseline; // throws SimulationInputError
    let initialStock: LiveCase[] | undefined;
    let startDate = request.startDate;
    if (request.startFrom === 'live') {
      const live = await this.calibrations.liveStock(version);
      initialStock = live.stock;
      startDate ??= new Date(live.asOf).toISOString().slice(0, 10);
    }
    const options = {
      replications: request.replications,
      seed: request.seed,
      horizonDays: request.horizonDays,
      resolution: request.resolution,
      ...(request.warmupDays !== undefined ? { warmupDays: request.warmupDays } : {}),
      ...(startDate !== undefined ? { startDate } : {}),
      ...(initialStock ? { initialStock } : {}),
    };
    prepareRun({ ...options, pathway: scenarioPathway }); // validates run options before answering
    const compare = request.compare ?? changes;
    this.admission.checkSize(replicationYears(request, compare));
    const slot = this.admission.admit(tokenId);
    if (this.closing) {
      slot.release();
      throw new SimulationServiceClosedError();
    }
    const id = randomUUID();
    const total = request.replications * (compare ? 2 : 1);
    try {
      await this.repo.createRun({
        id,
        pathwayId: version.pathwayId,
        version: version.version,
        total,
        request,
        by,
      });
    } catch (error) {
      slot.release();
      throw error;
    }
    const controller = new AbortController();
    // The lease: while this instance runs it, the row's heartbeat is renewed; if this process dies
    // the heartbeat goes stale and readers report the run failed. A status other than running
    // (cancelled elsewhere, or declared failed by a reader) stops the local run.
    const heartbeat = setInterval(() => {
      this.track(
        this.repo.heartbeat(id).then((status) => {
          if (status !== 'running') controller.abort();
        }),
      );
    }, this.options.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    let lastWrite = 0;
    const onProgress = (done: number, total: number) => {
      slot.progress(total ? done / total : 0);
      const now = Date.now();
      if (now - lastWrite < 250 && done < total) return;
      lastWrite = now;
      this.track(
        this.repo.progress(id, done).then((status) => {
          if (status !== 'running') controller.abort(); // cancelled elsewhere, or declared dead
        }),
      );
    };
    const run = compare
      ? compareScenario({
          ...options,
          pathway: baseline,
          scenario,
          signal: controller.signal,
          onProgress,
          ...this.workers(),
        })
      : runSimulation({
          ...options,
          pathway: scenarioPathway,
          signal: controller.signal,
          onProgress,
          ...this.workers(),
        });
    const settled = run
      .then((result) => this.repo.finish(id, 'done', { result, done: total }))
      .catch((e: unknown) =>
        e instanceof SimulationCancelledError
          ? controller.signal.reason === STOPPED_BY_SHUTDOWN
            ? this.repo.finish(id, 'failed', { error: STOPPED_BY_SHUTDOWN })
            : this.repo.finish(id, 'cancelled', {})
          : this.repo.finish(id, 'failed', {
              error: { title: 'The simulation failed.', detail: e instanceof Error ? e.message : String(e) },
            }),
      )
      .catch(() => undefined)
      .then(() => {
        clearInterval(heartbeat);
        slot.release();
        this.local.delete(id);
      });
    this.local.set(id, { controller, settled });
    return id;
  }

  /** Cancels a run: flags it in the database (seen by whichever instance runs it) and aborts it here if local. */
  async cancel(id: string): Promise<boolean> {
    const cancelled = await this.repo.cancel(id);
    this.local.get(id)?.controller.abort();
    return cancelled;
  }

  /** Waits for local runs to settle, their final status written (tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.local.size > 0) await Promise.all([...this.local.values()].map((r) => r.settled));
  }

  /** Number of runs this instance is running now. */
  get running(): number {
    return this.local.size;
  }

  /**
   * Graceful shutdown: refuses new runs, stops the local ones and waits until each has recorded its
   * final status. A stopped run is recorded `failed` with the reason "The server stopped during this
   * run" (not `cancelled`: nobody asked for it; not finished: a run may take minutes, longer than an
   * orchestrator waits after SIGTERM). Their worker threads are terminated by the simulator.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const { controller } of this.local.values()) controller.abort(STOPPED_BY_SHUTDOWN);
    await this.idle();
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  private workers() {
    return {
      ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
      ...(this.options.pool ? { pool: this.options.pool } : {}),
    };
  }

  /** Keeps a lease or progress write until it settles (its failure is ignored: the next one retries). */
  private track(write: Promise<unknown>): void {
    const p = write.catch(() => undefined).finally(() => this.writes.delete(p));
    this.writes.add(p);
  }
}
