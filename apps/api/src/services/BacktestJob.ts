import type { CompiledPathway } from '@continuum/machines';
import type { BacktestResponse } from '@continuum/contracts';
import { backtest, backtestWindow, type BacktestOptions, type IntervalRecord } from '@continuum/simulator';
import type { PathwayVersion, RunKind, Store } from '@continuum/store';
import type { CalibrationSource } from './CalibrationSource.ts';
import { publishedVersion } from './prepareSimulation.ts';
import { SimulationRequestError } from './SimulationRequestError.ts';
import type { BacktestRequest } from './simulationSchemas.ts';

/** The job kind of a backtest (its rows are runs of the same kind in simulation_runs). */
export const BACKTEST_JOB = 'backtest' satisfies RunKind;

/** A backtest request resolved into what the simulator runs (the API checks it, a worker runs it). */
export interface PreparedBacktest {
  version: PathwayVersion;
  pathway: CompiledPathway;
  /** Every recorded stay of the version (before and after T). */
  intervals: IntervalRecord[];
  /** T in ms. */
  at: number;
  request: BacktestRequest;
}

/**
 * Resolves a backtest request and checks it can run (SimulationRequestError: unknown pathway or
 * version, no recorded stays, T or the months outside the record). The API calls it before queueing
 * (so a refusal is a 4xx and nothing is queued); the worker calls it again when it starts the job.
 * `beforeReading` runs once the version is known, before every stay of it is read (the size check).
 */
export async function prepareBacktest(
  store: Store,
  calibrations: CalibrationSource,
  request: BacktestRequest,
  beforeReading?: () => void,
): Promise<PreparedBacktest> {
  const version = await publishedVersion(store, request.pathwayId, request.version);
  beforeReading?.();
  const intervals = await calibrations.intervals(version);
  if (intervals.length === 0)
    throw new SimulationRequestError(
      'invalid',
      'no_data',
      'There are no recorded cases of this pathway version to backtest against.',
    );
  const at = Date.parse(`${request.at}T00:00:00Z`);
  const { problem } = backtestWindow(intervals, at, request.months);
  if (problem) throw new SimulationRequestError('invalid', problem.code, problem.message, [problem]);
  return { version, pathway: store.pathways.compiled(version), intervals, at, request };
}

/**
 * Runs a prepared backtest: calibrate on the stays before T, simulate from the caseload open at T,
 * compare with the record. The answer is the API's backtest body (the simulator's result with the
 * stage labels); the same request, seed and record give the same answer (a retried job reads the
 * stays again when it starts, so it repeats the first start's answer only if the record is unchanged).
 */
export async function runBacktest(
  prepared: PreparedBacktest,
  threads: Pick<BacktestOptions, 'workers' | 'pool' | 'signal' | 'onProgress'>,
): Promise<BacktestResponse> {
  const { version, pathway, intervals, at, request } = prepared;
  const result = await backtest({
    pathway,
    intervals,
    at,
    months: request.months,
    replications: request.replications,
    seed: request.seed,
    ...threads,
  });
  return {
    pathwayId: version.pathwayId,
    version: version.version,
    stageLabels: Object.fromEntries(pathway.definition.stages.map((s) => [s.id, s.label])),
    ...result,
  };
}
