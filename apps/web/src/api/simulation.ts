import { api } from './client.ts';
import { ApiError } from './ApiError.ts';
import { readToken } from '../auth/tokenStore.ts';
import { readSse } from './sse.ts';
import { unwrapList } from './pathways.ts';

/** Parameter changes of a scenario: global multipliers and per-stage overrides. */
export interface ScenarioOverrides {
  arrivalMultiplier?: number;
  stages?: Record<string, { capacity?: number; durationMultiplier?: number; costPerDay?: number }>;
}

/** What a run asks for. */
export interface SimulationRequest {
  pathwayId: string;
  version: number;
  calibrationId?: string;
  overrides: ScenarioOverrides;
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

/** A calibrated baseline offered by GET /api/calibration. */
export interface Calibration {
  id: string;
  label: string;
  pathwayId?: string;
  version?: number;
}

/** Lists calibrated baselines (a single object from the API becomes a one-item list). */
export async function listCalibrations(): Promise<Calibration[]> {
  const body = await api<unknown>('/api/calibration');
  const list = unwrapList<Record<string, unknown>>(body, 'calibrations');
  const items = list.length
    ? list
    : body && typeof body === 'object'
      ? [body as Record<string, unknown>]
      : [];
  return items.map((c, i) => ({
    id: String(c.id ?? c.calibrationId ?? `calibration-${i}`),
    label: String(
      c.label ?? c.name ?? (c.from && c.to ? `Calibrated from ${c.from} to ${c.to}` : `Calibration ${i + 1}`),
    ),
    pathwayId: typeof c.pathwayId === 'string' ? c.pathwayId : undefined,
    version: typeof c.version === 'number' ? c.version : undefined,
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
  return api<SimResult>(`/api/simulations/${encodeURIComponent(id)}`, { signal });
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
  return unwrapList<SavedScenario>(await api('/api/scenarios'), 'scenarios');
}

/** Saves a scenario for reopening and comparing later. */
export async function saveScenario(s: Omit<SavedScenario, 'id'>): Promise<SavedScenario> {
  return api<SavedScenario>('/api/scenarios', { method: 'POST', body: s });
}
