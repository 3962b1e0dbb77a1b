import type { WorklistResponse } from '@continuum/contracts';
import { api } from '../api/client.ts';

/** What the worklist asks the API: a horizon in working days and coded-attribute filters. */
export interface WorklistRequest {
  dueWithinDays: number;
  filters: Record<string, string[]>;
}

/** Fetches the worklist (case rows for case-level roles, suppressed counts for others). */
export function getWorklist(q: WorklistRequest, signal?: AbortSignal): Promise<WorklistResponse> {
  const params = new URLSearchParams({ dueWithinDays: String(q.dueWithinDays) });
  for (const [name, values] of Object.entries(q.filters))
    if (values.length) params.set(`attr.${name}`, values.join(','));
  return api<WorklistResponse>(`/api/worklist?${params}`, { signal });
}
