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
} from '@continuum/simulator';
import { HEARTBEAT_MS, type PathwayVersion, type SimulationRepository, type Store } from '@continuum/store';
import { HttpProblem } from '../http/problem.ts';
import { CalibrationSource } from './calibrationSource.ts';
import { replicationYears, SimulationAdmission, type SimulationLimits } from './SimulationAdmission.ts';
import type { SimulationRequest } from './simulationSchemas.ts';

/** Why a request cannot start (404 or 422), with every field problem. */
export class RunRequestError extends HttpProblem {
  constructor(
    status: 404 | 422,
    code: string,
    message: string,
    problems: { path: (string | number)[]; code: string; message: string }[] = [],
  ) {
    super(status, code, message, problems[0]?.path.join('.'), problems.length ? { problems } : {});
  }
}

/**
 * Starts simulation runs in this process and records their progress and results in the database.
 * Only the AbortControllers of local runs live in memory; status, progress, results and cancel
 * requests go through the shared tables, so any instance can serve GET, SSE and DELETE.
 */
export class SimulationRunner {
  private readonly local = new Map<string, AbortController>();
  private readonly calibrations: CalibrationSource;
  /** The limits on simulation work (per run, per token, per instance). */
  readonly admission: SimulationAdmission;

  constructor(
    private readonly store: Store,
    private readonly repo: SimulationRepository,
    private readonly options: {
      workers?: number;
      heartbeatMs?: number;
      limits?: Partial<SimulationLimits> | undefined;
    } = {},
  ) {
    this.calibrations = new CalibrationSource(store);
    this.admission = new SimulationAdmission(options.limits);
  }

  /** Resolves the published version a request names (latest when no version is given). */
  async version(pathwayId: string, version?: number): Promise<PathwayVersion> {
    const v =
      version === undefined
        ? await this.store.pathways.latest(pathwayId)
        : await this.store.pathways.get(pathwayId, version);
    if (!v)
      throw new RunRequestError(
        404,
        'pathway_not_found',
        `No published pathway "${pathwayId}"${version ? ` version ${version}` : ''}.`,
      );
    return v;
  }

  /**
   * Validates everything a run needs (throws RunRequestError), checks the limits on simulation work
   * (SimulationLimitError: 422 too large, 429 too many running), records it, starts it, returns its id.
   */
  async start(request: SimulationRequest, by: string | null, tokenId = 0): Promise<string> {
    const version = await this.version(request.pathwayId, request.version);
    let baseline: CompiledPathway = this.store.pathways.compiled(version);
    if (request.calibrationId !== undefined) {
      if (request.calibrationId !== CalibrationSource.idOf(version))
        throw new RunRequestError(
          422,
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
        throw new RunRequestError(
          422,
          'no_data',
          'There are no recorded cases to calibrate this pathway from.',
        );
      baseline = cal.compiled;
    }
    const scenario = request.scenario as Scenario;
    const changes = Object.keys(scenario).some((k) => k !== 'name');
    const scenarioPathway = changes ? applyScenario(baseline, scenario) : baseline; // throws SimulationInputError (422)
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
    this.local.set(id, controller);
    // The lease: while this instance runs it, the row's heartbeat is renewed; if this process dies
    // the heartbeat goes stale and readers report the run failed. A status other than running
    // (cancelled elsewhere, or declared failed by a reader) stops the local run.
    const heartbeat = setInterval(() => {
      void this.repo
        .heartbeat(id)
        .then((status) => {
          if (status !== 'running') controller.abort();
        })
        .catch(() => undefined);
    }, this.options.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    let lastWrite = 0;
    const onProgress = (done: number, total: number) => {
      slot.progress(total ? done / total : 0);
      const now = Date.now();
      if (now - lastWrite < 250 && done < total) return;
      lastWrite = now;
      void this.repo
        .progress(id, done)
        .then((status) => {
          if (status !== 'running') controller.abort(); // cancelled elsewhere, or declared dead
        })
        .catch(() => undefined);
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
    void run
      .then((result) => this.repo.finish(id, 'done', { result, done: total }))
      .catch((e: unknown) =>
        e instanceof SimulationCancelledError
          ? this.repo.finish(id, 'cancelled', {})
          : this.repo.finish(id, 'failed', {
              error: { title: 'The simulation failed.', detail: e instanceof Error ? e.message : String(e) },
            }),
      )
      .catch(() => undefined)
      .finally(() => {
        clearInterval(heartbeat);
        slot.release();
        this.local.delete(id);
      });
    return id;
  }

  /** Cancels a run: flags it in the database (seen by whichever instance runs it) and aborts it here if local. */
  async cancel(id: string): Promise<boolean> {
    const cancelled = await this.repo.cancel(id);
    this.local.get(id)?.abort();
    return cancelled;
  }

  /** Waits for local runs to settle (tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.local.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  /** The calibration adapter (shared with GET /api/calibration). */
  get calibrationSource(): CalibrationSource {
    return this.calibrations;
  }

  private workers() {
    return this.options.workers !== undefined ? { workers: this.options.workers } : {};
  }
}
