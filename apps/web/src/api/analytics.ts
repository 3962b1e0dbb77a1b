import { api } from './client.ts';

/** Why the API hid a figure from a role without case-level access (the suppression policy's marks). */
export type SuppressionMark = 'primary' | 'secondary' | 'derived' | 'withheld';

/** An object whose hidden figures are null, with the reason by (dotted) key. */
export interface Marked {
  suppressed?: Record<string, SuppressionMark>;
}

/** Whole-day duration summary as the analytics return it (null where suppressed for the role). */
export interface DurationStats {
  count: number | null;
  mean: number | null;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/**
 * One stage of the process map (packages/analytics `StageFigures`). For a role without case-level
 * access, hidden figures are null and named in `suppressed` (e.g. `openAsOf`, `timescale.openOverdue`).
 */
export interface StageFigures extends Marked {
  stage: string;
  label: string;
  level: number | null;
  entries: number | null;
  exits: number | null;
  openAsOf: number | null;
  openAtEnd: number | null;
  timeInStage: DurationStats;
  openAge: DurationStats;
  timescale: {
    value: number;
    unit: string;
    completed: number | null;
    withinTimescale: number | null;
    percentWithin: number | null;
    openOverdue: number | null;
  } | null;
}

/** One move of the process map (packages/analytics `TransitionFigures`). */
export interface TransitionFigures extends Marked {
  from: string;
  to: string | null;
  moves: number | null;
  cases: number | null;
  shareOfSourceExits: number | null;
  daysInSource: DurationStats;
  events: Record<string, number | null>;
}

/** The process map for a period. */
export interface ProcessMapData {
  period: { from: string; to: string; asOf: string };
  stages: StageFigures[];
  transitions: TransitionFigures[];
}

/** One KPI with the numbers it is made of, so a board member can check it. */
export interface Kpi extends Marked {
  id: string;
  name: string;
  value: number | null;
  unit: 'count' | 'percent' | 'per_10000' | string;
  numerator: number | null;
  denominator: number | null;
  numeratorLabel?: string;
  denominatorLabel?: string | null;
  definition?: string;
}

/** A period and attribute filters, as the analytics endpoints take them. */
export interface MapQuery {
  from: string;
  to: string;
  filters: Record<string, string[]>;
}

/** Encodes a query as URL parameters: from, to, asOf and `attr.<name>=a,b` per filtered attribute. */
export function queryString(q: MapQuery): string {
  const params = new URLSearchParams({ from: q.from, to: q.to, asOf: q.to });
  for (const [name, values] of Object.entries(q.filters))
    if (values.length) params.set(`attr.${name}`, values.join(','));
  return params.toString();
}

/** Fetches the process map. */
export async function getProcessMap(q: MapQuery, signal?: AbortSignal): Promise<ProcessMapData> {
  return api<ProcessMapData>(`/api/analytics/map?${queryString(q)}`, { signal });
}

/** Fetches the KPI set for the period. */
export async function getKpis(q: MapQuery, signal?: AbortSignal): Promise<Kpi[]> {
  return (await api<{ kpis: Kpi[] }>(`/api/analytics/kpis?${queryString(q)}`, { signal })).kpis;
}

/** A case resting in a stage, with how long it has been there (GET /api/stages/:stage/cases). */
export interface StageCase {
  id: string | number;
  ref: string;
  stageEnteredAt: string;
  daysInStage: number;
  overdue: boolean;
  dueOn: string | null;
}

/** Lists the cases resting in a stage (matching the map's attribute filters), longest waiting first. */
export async function getStageCases(
  stage: string,
  signal?: AbortSignal,
  filters: Record<string, string[]> = {},
): Promise<StageCase[]> {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(filters))
    if (values.length) params.set(`attr.${name}`, values.join(','));
  const qs = params.toString();
  const path = `/api/stages/${encodeURIComponent(stage)}/cases${qs ? `?${qs}` : ''}`;
  return (await api<{ cases: StageCase[] }>(path, { signal })).cases;
}

/** One stay of a case in a stage. */
export interface CaseStay {
  stage: string;
  enteredAt: string;
  exitedAt: string | null;
  nextStage: string | null;
  entryEvent: string | null;
  exitEvent: string | null;
}

/** One recorded event of a case. */
export interface CaseEvent {
  seq: number;
  event: string | null;
  fromStage: string | null;
  toStage: string;
  occurredAt: string;
}

/** A case with its timeline (GET /api/cases/:caseId). */
export interface CaseDetail {
  case: {
    id: string | number;
    ref: string;
    stage: string;
    openedAt: string;
    attributes: Record<string, string>;
  };
  events: CaseEvent[];
  intervals: CaseStay[];
}

/** Fetches one case and its timeline. */
export async function getCase(caseId: string | number, signal?: AbortSignal): Promise<CaseDetail> {
  return api<CaseDetail>(`/api/cases/${encodeURIComponent(String(caseId))}`, { signal });
}
