import type {
  BacktestResponse,
  BacktestRunResponse,
  BacktestStatus,
  Band,
  CalibratedArrivals,
  CalibrationListResponse,
  ScalarName,
  ScenarioComparison,
  SimulationResult,
  SimulationRunResponse,
} from '@continuum/contracts';
import { api, fetchFile, refusalOf } from './client.ts';
import { ApiError } from './ApiError.ts';
import { readToken } from '../auth/tokenStore.ts';
import { readSse } from './sse.ts';

/** Parameter changes of a scenario, in the simulator's `Scenario` shape (packages/simulator). */
export interface ScenarioOverrides {
  name?: string;
  arrivalMultiplier?: number;
  /** Demand growth a year as a fraction (0.05 = +5% a year). */
  arrivalTrendPerYear?: number;
  /** Absolute capacities by stage. */
  capacity?: Record<string, number>;
  /** Relative capacities by stage (1.2 = +20%). */
  capacityMultiplier?: Record<string, number>;
  /** Scales a stage's durations (0.9 = stays 10% shorter). */
  durationMultiplier?: Record<string, number>;
  /** Scales one move's share of its stage's exits (1.1 = 10% more); the other moves share the rest. */
  weightMultipliers?: { from: string; event: string; factor: number }[];
}

/** What a run asks for. */
export interface SimulationRequest {
  pathwayId: string;
  version: number;
  calibrationId?: string;
  scenario: ScenarioOverrides;
  /** Also run the unchanged baseline with common random numbers, for the overlay. */
  compare?: boolean;
  horizonDays: number;
  replications: number;
  seed: number;
  /** live: from today's caseload (the server's default); empty: from no cases, after a warm-up. */
  startFrom?: 'live' | 'empty';
  warmupDays?: number;
}

/** Per-stage figures of one side (baseline or scenario) of a run. */
export interface StageSummary {
  stage: string;
  meanWait: number | null;
  meanQueue: number | null;
  breaches: number | null;
  cost: number | null;
  meanStock: number | null;
}

/** One side of a run: stock per stage over time with bands, and the summary table. */
export interface SimSide {
  /** Days from the start of the horizon, one per bucket. */
  days: number[];
  stock: Record<string, Band>;
  summary: StageSummary[];
}

/** A finished run: the scenario and, when compared, its baseline (same random numbers). */
export interface SimResult {
  id: string;
  baseline: SimSide | null;
  scenario: SimSide;
  /** The whole comparison as the API answered it (labels, dates, paired differences), when it is one. */
  comparison?: ScenarioComparison;
}

/** The demand a calibration estimated: the yearly rate at the extract date and the fitted trend. */
export type CalibratedDemand = Pick<CalibratedArrivals, 'perYear' | 'trendPerYear' | 'trend'>;

/** A calibrated baseline offered by GET /api/calibration. */
export interface Calibration {
  id: string;
  label: string;
  pathwayId?: string;
  version?: number;
  demand?: CalibratedDemand;
  /** Today's caseload of the version: open cases outside terminal stages, as of `openAsOf`. */
  openCases?: number;
  openAsOf?: string;
}

/**
 * Lists calibrated baselines: of one pathway version when given (what a run of that version may
 * use), otherwise one per published pathway (its latest version) with recorded stays.
 */
export async function listCalibrations(pathwayId?: string, version?: number): Promise<Calibration[]> {
  const query = pathwayId
    ? `?pathwayId=${encodeURIComponent(pathwayId)}${version ? `&version=${version}` : ''}`
    : '';
  const { calibrations } = await api<CalibrationListResponse>(`/api/calibration${query}`);
  return calibrations.map(({ id, label, pathwayId, version, arrivals, openCases, openAsOf }) => ({
    id,
    label,
    pathwayId,
    version,
    demand: arrivals,
    openCases,
    openAsOf,
  }));
}

/** Starts a run; the server answers with its id at once. */
export async function startSimulation(request: SimulationRequest): Promise<string> {
  const body = await api<{ id: string }>('/api/simulations', { method: 'POST', body: request });
  return body.id;
}

/** Follows a run's progress over SSE until it ends; resolves when the server says it is done. */
export async function followSimulation(
  id: string,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const token = readToken();
  const response = await fetch(`/api/simulations/${encodeURIComponent(id)}/events`, {
    headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal,
  });
  if (!response.ok) throw await refusalOf(response);
  if (!response.body)
    throw new ApiError(
      response.status,
      'The progress stream could not be opened',
      undefined,
      undefined,
      null,
    );
  let failure: Error | null = null;
  await readSse(response.body, (m) => {
    if (m.event === 'progress') {
      const d = JSON.parse(m.data) as { fraction?: number; done?: number; total?: number };
      onProgress(d.fraction ?? (d.total ? (d.done ?? 0) / d.total : 0));
    } else if (m.event === 'error' || m.event === 'failed') {
      const d = m.data ? (JSON.parse(m.data) as { title?: string; detail?: string; message?: string }) : {};
      failure = new Error(d.detail ?? d.message ?? d.title ?? 'The simulation failed');
    } else if (m.event === 'cancelled') failure = new Error('The simulation was cancelled');
  });
  if (failure) throw failure;
}

/** Fetches a finished run's result. */
export async function getSimulation(id: string, signal?: AbortSignal): Promise<SimResult> {
  return toSimResult(
    id,
    await api<SimulationRunResponse>(`/api/simulations/${encodeURIComponent(id)}`, { signal }),
  );
}

/** What a side is read from: a simulator `SimulationResult`, or the part of it the charts use. */
type RunLike = Pick<SimulationResult, 'startDate' | 'times'> & {
  stages: { stage: string; stats: Partial<Record<ScalarName, { mean: number }>>; stock: Band }[];
};
/** A comparison (`compare: true`): the scenario beside its baseline, with common random numbers. */
type ComparisonLike = { baseline: RunLike; scenario: RunLike; difference?: unknown };
/** The run record (GET /api/simulations/:id), whose `result` is set once it is done. */
type RunRecordLike = { status?: string; result?: ComparisonLike | RunLike | null };

/** One simulator `SimulationResult` as a chart-ready side: days from the start, bands and a summary. */
export function toSide(run: RunLike): SimSide {
  const start = Date.parse(run.startDate);
  const stat = (s: RunLike['stages'][number], name: ScalarName) => s.stats[name]?.mean ?? null;
  return {
    days: run.times.map((t) => Math.round((Date.parse(t) - start) / 86_400_000)),
    stock: Object.fromEntries(run.stages.map((s) => [s.stage, s.stock])),
    summary: run.stages.map((s) => ({
      stage: s.stage,
      meanStock: stat(s, 'meanStock'),
      meanWait: stat(s, 'meanWait'),
      meanQueue: stat(s, 'meanQueue'),
      breaches: stat(s, 'breaches'),
      cost: stat(s, 'cost'),
    })),
  };
}

/**
 * Reads a run as the API returns it (packages/contracts `SimulationRunResponse`): its result is a
 * comparison `{baseline, scenario, difference}` when the request compared, otherwise one run.
 */
export function toSimResult(id: string, body: RunRecordLike | ComparisonLike | RunLike): SimResult {
  const result = 'result' in body || 'status' in body ? body.result : body;
  if (result && 'scenario' in result)
    return {
      id,
      baseline: toSide(result.baseline),
      scenario: toSide(result.scenario),
      ...(isComparison(result) ? { comparison: result } : {}),
    };
  if (result && 'stages' in result) return { id, baseline: null, scenario: toSide(result) };
  throw new Error('The simulation finished but its result could not be read.');
}

/** A full comparison (as the server writes it now), not the part of one older tests and runs carry. */
function isComparison(r: ComparisonLike): r is ScenarioComparison {
  const d = r.difference as { stages?: unknown } | undefined;
  return Array.isArray(d?.stages) && 'stageLabels' in r.scenario;
}

/** Asks the server to stop a run. */
export async function cancelSimulation(id: string): Promise<void> {
  await api(`/api/simulations/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => undefined);
}

/** A saved scenario: a name and the parameter changes; saved with a run, that run's result. */
export interface SavedScenario {
  id: string;
  name: string;
  request: Omit<SimulationRequest, 'seed'> & { seed?: number };
  /** Saved with a run: its id and (GET /api/scenarios/:id only) its result. */
  summary?: { runId?: string; result?: ScenarioComparison };
  /** In the list: whether a result was saved with it. */
  hasResult?: boolean;
}

/** One saved scenario with the result saved with it. */
export async function getScenario(id: string): Promise<SavedScenario> {
  return api<SavedScenario>(`/api/scenarios/${encodeURIComponent(id)}`);
}

/** The calibration's fit report (packages/simulator `FitReport`, the parts the page shows). */
export interface FitReportView {
  startDate: string;
  weeks: number;
  replications: number;
  stages: {
    stage: string;
    historicalMean: number;
    simulatedMean: number;
    relativeError: number | null;
    coverage: number;
  }[];
}

/** The fit report of a version's calibration: its last year replayed from the stock recorded then. */
export async function getFitReport(pathwayId: string, version: number): Promise<FitReportView | null> {
  const { calibrations } = await api<CalibrationListResponse>(
    `/api/calibration?pathwayId=${encodeURIComponent(pathwayId)}&version=${version}&fit=true`,
  );
  return (calibrations[0]?.fit as FitReportView | undefined) ?? null;
}

/** What a backtest asks for. */
export interface BacktestRequest {
  pathwayId: string;
  version: number;
  at: string;
  months: number;
  replications: number;
}

/** Starts a backtest job; the server checks it and answers with its id at once. */
export async function startBacktest(request: BacktestRequest): Promise<string> {
  return (await api<{ id: string }>('/api/backtests', { method: 'POST', body: request })).id;
}

/**
 * Follows a backtest job to its result, reading it every `pollMs` while it is queued or running and
 * reporting its progress (0-1); throws with the server's words when it failed, and when it was
 * cancelled. The reads stop when `signal` aborts.
 */
export async function followBacktest(
  id: string,
  onProgress: (fraction: number, status: BacktestStatus) => void,
  signal: AbortSignal,
  pollMs = 500,
): Promise<BacktestResponse> {
  for (;;) {
    const run = await api<BacktestRunResponse>(`/api/backtests/${encodeURIComponent(id)}`, { signal });
    onProgress(run.total ? run.done / run.total : 0, run.status);
    if (run.status === 'done') {
      if (run.result) return run.result;
      throw new Error('The backtest finished but its result could not be read.');
    }
    if (run.status === 'failed')
      throw new Error(
        run.error ? `${run.error.title} ${run.error.detail}` : 'The backtest failed on the server.',
      );
    if (run.status === 'cancelled') throw new Error('The backtest was cancelled.');
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      // The listener goes with the wait: a long backtest would otherwise pile one up per read.
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', stop);
        resolve();
      }, pollMs);
      signal.addEventListener('abort', stop, { once: true });
    });
  }
}

/** Asks the server to stop a backtest (whichever worker runs it stops). */
export async function cancelBacktest(id: string): Promise<void> {
  await api(`/api/backtests/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => undefined);
}

/** A finished run's table as CSV from the server (labels and units in the rows). */
export async function simulationCsv(id: string, table: 'stages' | 'series' | 'differences'): Promise<string> {
  return (await fetchFile(`/api/simulations/${encodeURIComponent(id)}?format=csv&table=${table}`)).text();
}

/** Lists saved scenarios. */
export async function listScenarios(): Promise<SavedScenario[]> {
  return (await api<{ scenarios: SavedScenario[] }>('/api/scenarios')).scenarios;
}

/** Saves a scenario for reopening and comparing later (with `runId`, that run's result with it). */
export async function saveScenario(
  s: Omit<SavedScenario, 'id' | 'summary' | 'hasResult'> & { runId?: string },
): Promise<SavedScenario> {
  return api<SavedScenario>('/api/scenarios', { method: 'POST', body: s });
}
