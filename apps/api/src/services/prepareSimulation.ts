import type { CompiledPathway } from '@continuum/machines';
import { applyScenario, type LiveCase, prepareRun, type Scenario } from '@continuum/simulator';
import type { PathwayVersion, Store } from '@continuum/store';
import { CalibrationSource } from './CalibrationSource.ts';
import { caseloadStartDate } from './liveCaseload.ts';
import { SimulationRequestError } from './SimulationRequestError.ts';
import type { SimulationRequest } from './simulationSchemas.ts';

/** A run request resolved into what the simulator runs (the API checks it, a worker runs it). */
export interface PreparedSimulation {
  version: PathwayVersion;
  /** The pathway the scenario is compared with (calibrated when the request names a calibration). */
  baseline: CompiledPathway;
  /** The baseline with the scenario's changes applied. */
  scenarioPathway: CompiledPathway;
  scenario: Scenario;
  /** Whether the run compares the scenario with its baseline (twice the replications). */
  compare: boolean;
  /** Replications in all (x2 when compared): the run's `total`. */
  total: number;
  /** The warm-up the run will have: the request's, else the simulator's default (365 days from empty, 0 from a live stock). */
  warmupDays: number;
  /** The simulator's options besides pathway, threads, signal and progress. */
  options: {
    replications: number;
    seed: number;
    horizonDays: number;
    resolution: SimulationRequest['resolution'];
    warmupDays?: number;
    startDate?: string;
    initialStock?: LiveCase[];
  };
}

/** Resolves the published version a request names (latest when no version is given). */
export async function publishedVersion(
  store: Store,
  pathwayId: string,
  version?: number,
): Promise<PathwayVersion> {
  const v =
    version === undefined
      ? await store.pathways.latest(pathwayId)
      : await store.pathways.get(pathwayId, version);
  if (!v)
    throw new SimulationRequestError(
      'not_found',
      'pathway_not_found',
      `No published pathway "${pathwayId}"${version ? ` version ${version}` : ''}.`,
    );
  return v;
}

/**
 * Resolves a request (version, calibration, scenario, live stock) and validates the run's options;
 * throws SimulationRequestError or the simulator's SimulationInputError. The API calls it before
 * answering; the worker that runs the job calls it again from the stored request (a run from the
 * live stock reads the stock when it starts).
 */
export async function prepareSimulation(
  store: Store,
  calibrations: CalibrationSource,
  request: SimulationRequest,
): Promise<PreparedSimulation> {
  const version = await publishedVersion(store, request.pathwayId, request.version);
  let baseline: CompiledPathway = store.pathways.compiled(version);
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
    const cal = await calibrations.calibration(version, baseline);
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
    const live = await calibrations.liveStock(version);
    initialStock = live.stock;
    startDate ??= caseloadStartDate(live);
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
  const run = prepareRun({ ...options, pathway: scenarioPathway }); // validates run options before answering
  const compare = request.compare ?? changes;
  return {
    version,
    baseline,
    scenarioPathway,
    scenario,
    compare,
    total: request.replications * (compare ? 2 : 1),
    warmupDays: run.settings.warmupDays,
    options,
  };
}
