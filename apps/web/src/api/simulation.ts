import { api } from './client.ts';
import { ApiError } from './ApiError.ts';
import { readToken } from '../auth/tokenStore.ts';
import { readSse } from './sse.ts';

/** Parameter changes of a scenario, in the simulator's `Scenario` shape (packages/simulator). */
export interface ScenarioOverrides {
  arrivalMultiplier?: number;
  /** Absolute capacities by stage. */
  capacity?: Record<string, number>;
  /** Scales a stage's durations (0.9 = stays 10% shorter). */
  durationMultiplier?: Record<string, number>;
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
}

/** A band: mean with the 5th and 95th percentile across replications (a 90% band). */
export interface Band {
  mean: number[];
  lo: number[];
  hi: number[];
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
}

/** The demand a calibration estimated: the yearly rate at the extract date and the fitted trend. */
export interface CalibratedDemand {
  perYear: number;
  /** Growth a year used by the baseline (0 when the trend's interval includes no growth). */
  trendPerYear: number;
  /** The fitted growth with its 90% interval; null with under two years of history. */
  trend: { estimate: number; low: number; high: number } | null;
}

/** A calibrated baseline offered by GET /api/calibration. */
export interface Calibration {
  id: string;
  label: string;
  pathwayId?: string;
  version?: number;
  demand?: CalibratedDemand;
}

/**
 * Lists calibrated baselines: of one pathway version when given (what a run of that version may
 * use), otherwise one per published pathway (its latest version) with recorded stays.
 */
export async function listCalibrations(pathwayId?: string, version?: number): Promise<Calibration[]> {
  type Listed = Omit<Calibration, 'demand'> & { arrivals: CalibratedDemand };
  const query = pathwayId
    ? `?pathwayId=${encodeURIComponent(pathwayId)}${version ? `&version=${version}` : ''}`
    : '';
  const { calibrations } = await api<{ calibrations: Listed[] }>(`/api/calibration${query}`);
  return calibrations.map(({ id, label, pathwayId, version, arrivals }) => ({
    id,
    label,
    pathwayId,
    version,
    demand: arrivals,
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
  if (!response.ok || !response.body)
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
  return toSimResult(id, await api<unknown>(`/api/simulations/${encodeURIComponent(id)}`, { signal }));
}

interface RawStat {
  mean: number;
}
interface RawStage {
  stage: string;
  stats: Record<string, RawStat | undefined>;
  stock: Band;
}
interface RawRun {
  startDate?: string;
  times: string[];
  stages: RawStage[];
}

const isRun = (x: unknown): x is RawRun =>
  !!x && typeof x === 'object' && Array.isArray((x as RawRun).stages) && Array.isArray((x as RawRun).times);

/** One simulator `SimulationResult` as a chart-ready side: days from the start, bands and a summary. */
export function toSide(run: RawRun): SimSide {
  const start = Date.parse(run.startDate ?? run.times[0] ?? '1970-01-01');
  const stat = (s: RawStage, name: string) => s.stats[name]?.mean ?? null;
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
 * Reads a run as the API returns it: a comparison `{baseline, scenario}` (common random numbers),
 * a single result, or either wrapped in `{result}`.
 */
export function toSimResult(id: string, body: unknown): SimResult {
  const b = body as Record<string, unknown>;
  const inner = (b && typeof b === 'object' && 'result' in b ? b.result : body) as Record<string, unknown>;
  if (inner && isRun(inner.scenario))
    return {
      id,
      baseline: isRun(inner.baseline) ? toSide(inner.baseline) : null,
      scenario: toSide(inner.scenario),
    };
  if (isRun(inner)) return { id, baseline: null, scenario: toSide(inner) };
  throw new Error('The simulation finished but its result could not be read.');
}

/** Asks the server to stop a run. */
export async function cancelSimulation(id: string): Promise<void> {
  await api(`/api/simulations/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => undefined);
}

/** A saved scenario: a name and the parameter changes, plus the last result summary if any. */
export interface SavedScenario {
  id: string;
  name: string;
  request: Omit<SimulationRequest, 'seed'> & { seed?: number };
  summary?: StageSummary[];
}

/** Lists saved scenarios. */
export async function listScenarios(): Promise<SavedScenario[]> {
  return (await api<{ scenarios: SavedScenario[] }>('/api/scenarios')).scenarios;
}

/** Saves a scenario for reopening and comparing later. */
export async function saveScenario(s: Omit<SavedScenario, 'id'>): Promise<SavedScenario> {
  return api<SavedScenario>('/api/scenarios', { method: 'POST', body: s });
}
