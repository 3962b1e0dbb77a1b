import type {
  CaseTimelineResponse,
  Kpi,
  KpisResponse,
  ProcessMapResponse,
  StageCase,
  StageCasesResponse,
  StageFigures,
} from '@continuum/contracts';
import { api } from './client.ts';

// The answers' shapes are the API's own: packages/contracts, parsed against real answers by the API's tests.

/** An object whose hidden figures are null, with the reason by (dotted) key. */
export type Marked = Pick<StageFigures, 'suppressed'>;

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
export async function getProcessMap(q: MapQuery, signal?: AbortSignal): Promise<ProcessMapResponse> {
  return api<ProcessMapResponse>(`/api/analytics/map?${queryString(q)}`, { signal });
}

/** Fetches the KPI set for the period. */
export async function getKpis(q: MapQuery, signal?: AbortSignal): Promise<Kpi[]> {
  return (await api<KpisResponse>(`/api/analytics/kpis?${queryString(q)}`, { signal })).kpis;
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
  return (await api<StageCasesResponse>(path, { signal })).cases;
}

/** Fetches one case and its timeline. */
export async function getCase(caseId: string | number, signal?: AbortSignal): Promise<CaseTimelineResponse> {
  return api<CaseTimelineResponse>(`/api/cases/${encodeURIComponent(String(caseId))}`, { signal });
}
