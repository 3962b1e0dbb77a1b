import type { LiveCase } from '@continuum/simulator';
import type { PathwayVersion, Store } from '@continuum/store';

const DAY = 86_400_000;

/**
 * What today's caseload is made from: the open stays of the version's pathway (every version's
 * cases, in the stages this version has) and the latest recorded time.
 */
export interface OpenStays {
  /** The latest entry or exit recorded (undefined in an empty store). */
  to: number | undefined;
  open: { stage: string; enteredAt: number }[];
}

/**
 * Reads the open stays a run of a version starts from, and the log's end (CalibrationSource caches
 * this read): the pathway's whole caseload, not only the cases moved to this version, so a new
 * version is not simulated from the handful of cases on it.
 */
export async function readOpenStays(store: Store, version: PathwayVersion): Promise<OpenStays> {
  return {
    to: (await store.intervals.span())?.to,
    open: (await store.intervals.openStock({ pathwayOfVersion: version.id })).map((i) => ({
      stage: i.stage,
      enteredAt: i.enteredAt,
    })),
  };
}

/** Today's caseload: a simulation's starting stock and the time it stands at (its start date). */
export interface LiveCaseload {
  asOf: number;
  stock: LiveCase[];
}

/**
 * Today's caseload from open stays: each open case with the days it has spent in its stage, as of
 * the latest recorded time (now, when nothing is recorded).
 */
export function caseloadOf(stays: OpenStays): LiveCaseload {
  const asOf = stays.to ?? Date.now();
  return {
    asOf,
    stock: stays.open.map((i) => ({ stage: i.stage, daysInStage: Math.max(0, (asOf - i.enteredAt) / DAY) })),
  };
}

/**
 * The day a simulation from a caseload starts (YYYY-MM-DD, UTC): the day of its `asOf`, so the
 * open cases' days in stage and the simulated calendar agree (API runs, warm-up and the CLI alike).
 */
export function caseloadStartDate(live: Pick<LiveCaseload, 'asOf'>): string {
  return new Date(live.asOf).toISOString().slice(0, 10);
}

/**
 * Today's caseload of a version, read once: what the API's runs from live start with (through
 * CalibrationSource's cache) and what `continuum simulate --start-from today` starts with.
 */
export async function liveCaseload(store: Store, version: PathwayVersion): Promise<LiveCaseload> {
  return caseloadOf(await readOpenStays(store, version));
}
