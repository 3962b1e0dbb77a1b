import type { WhenFull } from '@continuum/machines';
import { percentile } from '../run/stats.ts';

/** What calibration says about one stage's capacity: configured, observed, and a proposal. */
export interface CapacityReport {
  /** Capacity the pathway sets (capacity, or workers x cases per worker); null = none configured. */
  configured: number | null;
  /** Daily concurrent caseload over the last 12 months of the log (or all of it when shorter). */
  observed: {
    median: number;
    p95: number;
    max: number;
    mean: number;
    days: number;
    from: string;
    to: string;
  };
  /** Mean observed caseload / configured capacity (null without a configured capacity). */
  utilisation: number | null;
  /** Share of those days at or above the configured capacity (null without one). */
  shareAtCapacity: number | null;
  /** With no capacity configured: the observed p95, rounded up, proposed (not applied) as the capacity. */
  proposed: number | null;
  /** What waiting cases do when the stage is full: the pathway's rule, or null = they wait (the default; the log cannot show patience). */
  whenFull: WhenFull | null;
  /** One sentence for people: what is configured and what the log shows. */
  note: string;
}

/** Days of the log a capacity report looks at: the last 12 months. */
export const CAPACITY_WINDOW_DAYS = 365;

/**
 * Reports a stage's capacity from its daily concurrent caseload (the last `CAPACITY_WINDOW_DAYS`
 * values of `daily`, whose last value is the extract date). Never changes the pathway: a stage with
 * no capacity gets a proposal (the observed p95) that the analyst accepts or not.
 */
export function capacityReport(
  stageId: string,
  terminal: boolean,
  configured: number | undefined,
  daily: Float64Array,
  endMs: number,
  whenFull?: WhenFull,
): CapacityReport {
  const window = daily.subarray(Math.max(0, daily.length - CAPACITY_WINDOW_DAYS));
  const sorted = Float64Array.from(window).sort();
  const days = sorted.length;
  let sum = 0;
  let atCap = 0;
  for (const x of window) {
    sum += x;
    if (configured !== undefined && x >= configured) atCap++;
  }
  const mean = days > 0 ? sum / days : 0;
  const observed = {
    median: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    max: sorted[days - 1] ?? 0,
    mean: Math.round(mean * 100) / 100,
    days,
    from: new Date(endMs - days * 86_400_000).toISOString().slice(0, 10),
    to: new Date(endMs).toISOString().slice(0, 10),
  };
  const proposed = terminal || configured !== undefined || observed.p95 <= 0 ? null : Math.ceil(observed.p95);
  const range = `median ${observed.median}, p95 ${observed.p95}, max ${observed.max} open cases a day (${observed.from} to ${observed.to})`;
  let note: string;
  if (terminal) note = `"${stageId}" is terminal and never limited; observed ${range}.`;
  else if (configured !== undefined)
    note = `"${stageId}" has capacity ${configured}; observed ${range}: utilisation ${Math.round((100 * mean) / configured)}%.`;
  else
    note = `"${stageId}" has no capacity configured, so the simulation treats it as unlimited; observed ${range}. Proposed capacity: ${proposed ?? 'none (no cases seen)'} (the observed p95), not applied.`;
  if (!terminal && configured !== undefined)
    note +=
      whenFull === undefined
        ? ' When full, waiting cases wait (no give-up rule set).'
        : ` When full, a waiting case gives up after its patience and moves to "${whenFull.to}".`;
  return {
    configured: configured ?? null,
    observed,
    utilisation: configured !== undefined ? Math.round((mean / configured) * 1000) / 1000 : null,
    shareAtCapacity: configured !== undefined && days > 0 ? Math.round((atCap / days) * 1000) / 1000 : null,
    proposed,
    whenFull: terminal ? null : (whenFull ?? null),
    note,
  };
}
