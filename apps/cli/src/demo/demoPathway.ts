import { type DurationModel, defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';
import { defaultAttributeMix } from '@continuum/simulator';

/** Simulation settings of the demo log (seeded, so every fresh install gets the same service). */
export const DEMO_LOG = { seed: 20_500, years: 5, warmupYears: 3, recordsPer31Days: 1.32 };

/** The demo's coded attributes: the simulator's default mix plus care leavers' EET status (seed: 58% EET). */
export const demoAttributeMix = {
  ...defaultAttributeMix,
  activity: { eet: 0.55, neet: 0.33, unknown: 0.12 },
};

// Tuned by simulation (apps/cli/src/demo/measureLog.ts) so the demo lands near the seed's baselines.
const ARRIVALS_PER_YEAR = 1650;
const WEIGHTS: Record<string, number> = {
  'closed.re_referral': 0.5,
  // Care also starts from assessments and enquiries (the default pathway's direct moves): the
  // routes through plans carry less, so the looked-after count stays near the seed's 86.
  'child_protection.become_looked_after': 0.06,
  'child_in_need.become_looked_after': 0.02,
};
const DURATIONS: Record<string, DurationModel> = {
  child_protection: { type: 'lognormal', medianDays: 300, sigma: 0.6 },
  looked_after: { type: 'lognormal', medianDays: 370, sigma: 1.1 },
  closed: { type: 'exponential', meanDays: 80 },
};

/**
 * The demo's early help team: 22 workers x 20 families = 440 places, a little under the ~460
 * families its demand would keep open (the p95 of that caseload is ~500), so early help is
 * capacity-bound: full ~78% of the time, waits of about a week, and by the default pathway's rule a
 * family not picked up within its patience (median 28 days) re-presents at the front door. The
 * analyst's "early help capacity +20%" then moves front-door, assessment and CIN numbers.
 */
const STAFFING: Record<string, { workers: number; casesPerWorker: number }> = {
  early_help: { workers: 22, casesPerWorker: 20 },
};

/**
 * The default pathway with demo-specific arrivals, routing weights, durations and early help
 * staffing. Only simulation
 * inputs change: stages, moves and timescales are the default pathway's, so the demo data is legal
 * on the pathway the store publishes.
 */
export const demoPathway: PathwayDefinitionInput = {
  ...defaultPathway,
  arrivals: { ...defaultPathway.arrivals!, perYear: ARRIVALS_PER_YEAR },
  stages: defaultPathway.stages.map((s) => ({
    ...s,
    ...(DURATIONS[s.id] ? { duration: DURATIONS[s.id] } : {}),
    ...(STAFFING[s.id] ? { staffing: STAFFING[s.id] } : {}),
  })),
  transitions: defaultPathway.transitions.map((t) => {
    const w = WEIGHTS[`${t.from}.${t.event}`];
    return w === undefined ? t : { ...t, weight: w };
  }),
};
