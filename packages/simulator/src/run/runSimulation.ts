import { inTimeDomain, outOfTimeDomainMessage, TIME_DOMAIN } from '@continuum/machines';
import type { AggregateResult } from './Aggregator.ts';
import { bucketCount, originOf, parseDate } from '../engine/calendar.ts';
import type { InitialCase } from '../engine/SimulationEngine.ts';
import { SimulationInputError, type SimulationProblem } from '../errors.ts';
import { runReplications } from './runReplications.ts';
import type { WorkerPool } from './WorkerPool.ts';
import type { RunSettings } from './runReplication.ts';
import { buildSimModel, type SimModel, toCompiled, type PathwayInput } from '../engine/SimModel.ts';

/** An open case of the live stock: its stage and how long it has been there. */
export interface LiveCase {
  stage: string;
  daysInStage: number;
}

/** What a caller asks of a run. Every field but the pathway has a default. */
export interface SimulationOptions {
  /** A pathway definition (validated here) or a compiled pathway. */
  pathway: PathwayInput;
  replications?: number;
  seed?: number;
  /** First day of the reported horizon (ISO date); warm-up runs before it. Default 2025-01-01. */
  startDate?: string;
  /** Days simulated before the horizon and not reported; default 365 from empty, 0 from a live stock. */
  warmupDays?: number;
  horizonDays?: number;
  resolution?: 'daily' | 'weekly';
  /** Start from these open cases instead of empty (none given or an empty list: from empty, with warm-up). */
  initialStock?: LiveCase[];
  workers?: number;
  /** The worker pool to take threads from (default the process-wide one). */
  pool?: WorkerPool;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** A stage's capacity as the run used it, and how much of the time it was full. */
export interface StageCapacity {
  stage: string;
  /** Concurrent cases (capacity or workers x caseload per worker); null = unlimited. */
  capacity: number | null;
  /** Mean share of the horizon at capacity (stats.atCapacity.mean). */
  shareAtCapacity: number;
  /** At capacity at least `CAPACITY_BOUND_SHARE` of the time: more capacity would change flows there. */
  bound: boolean;
}

/** A stage full this share of the time or more is reported as capacity-bound. */
export const CAPACITY_BOUND_SHARE = 0.5;

/** A run's result: the settings it ran with, per-stage statistics and series with intervals. */
export interface SimulationResult extends AggregateResult {
  pathwayId: string;
  seed: number;
  startDate: string;
  warmupDays: number;
  horizonDays: number;
  resolution: 'daily' | 'weekly';
  /** ISO date at the end of each series bucket. */
  times: string[];
  /** Per stage: capacity used and share of time at capacity. */
  capacity: StageCapacity[];
  /** Ids of the stages that were capacity-bound (full at least half the time). */
  capacityBound: string[];
  /** Each stage's label in the pathway, by id (what people read instead of ids). */
  stageLabels: Record<string, string>;
  /** Open cases the run started from, terminal stages not counted (0 when it started empty and warmed up). */
  startingCases: number;
  /** How money is counted: costs are the pathway's cost per day in this currency, summed over `period`. */
  money: { currency: 'GBP'; period: 'horizon'; weeks: number };
  notes: string[];
}

/** A run ready to go: the flattened model and the settings every replication shares. */
export interface PreparedRun {
  model: SimModel;
  settings: RunSettings;
  replications: number;
  startDate: string;
  resolution: 'daily' | 'weekly';
  stageLabels: Record<string, string>;
  /** Said with the result: e.g. that a live start found no open cases and warmed up from empty. */
  startNotes: string[];
}

/** The caveats every result carries, so nobody reads more precision into it than there is. */
export const RESULT_NOTES = [
  'Working-day timescales are approximated as 5/7 of calendar days (no bank-holiday calendar in the simulator).',
  'Series bands are mean +/- 1.645 s.d. across replications (a 90% band under a normal approximation); per-stage statistics give exact 5th-95th percentiles and a 90% confidence interval of the mean.',
  'Stock includes queued cases; a terminal stage counts only cases that will be re-referred.',
  'meanStay is the time in the stage (waiting included); meanWait is the wait of cases served, meanWaitAll also counts those who gave up waiting.',
  "Costs are the pathway's cost per day of each stage in pounds sterling (GBP), summed over the horizon; divide by money.weeks for a weekly figure.",
];

/** Validates options and builds the model (throws SimulationInputError listing every problem). */
export function prepareRun(
  options: Omit<SimulationOptions, 'signal' | 'onProgress' | 'workers' | 'pool'>,
): PreparedRun {
  const compiled = toCompiled(options.pathway);
  const model = buildSimModel(compiled);
  const problems: SimulationProblem[] = [];
  const replications = options.replications ?? 100;
  const startDate = options.startDate ?? '2025-01-01';
  const horizonDays = options.horizonDays ?? 730;
  // From a live stock the horizon starts at once; an empty one (no open cases recorded) warms up as from empty.
  const live = (options.initialStock?.length ?? 0) > 0;
  const warmupDays = options.warmupDays ?? (live ? 0 : 365);
  if (!Number.isInteger(replications) || replications < 1 || replications > 100_000)
    problems.push({
      path: ['replications'],
      code: 'invalid_value',
      message: 'replications must be an integer from 1 to 100,000.',
    });
  if (!(horizonDays > 0) || horizonDays > 36_525)
    problems.push({
      path: ['horizonDays'],
      code: 'invalid_value',
      message: 'horizonDays must be more than 0 and at most 100 years.',
    });
  if (!(warmupDays >= 0) || warmupDays > 36_525)
    problems.push({ path: ['warmupDays'], code: 'invalid_value', message: 'warmupDays must be 0 or more.' });
  let startMs = 0;
  try {
    startMs = parseDate(startDate);
    // A run's dates stay inside the domain every other boundary enforces (and stay printable).
    if (
      !inTimeDomain(startMs) ||
      !inTimeDomain(startMs + Math.ceil(Math.max(0, horizonDays || 0)) * 86_400_000)
    ) {
      problems.push({
        path: ['startDate'],
        code: 'invalid_value',
        message: `${outOfTimeDomainMessage('startDate', startDate)} The run must also end by ${TIME_DOMAIN.to}.`,
      });
    }
  } catch {
    problems.push({
      path: ['startDate'],
      code: 'invalid_value',
      message: `startDate "${startDate}" is not an ISO date.`,
    });
  }
  const initialStock: InitialCase[] = [];
  (options.initialStock ?? []).forEach((c, i) => {
    const stage = compiled.stageIndex.get(c.stage);
    if (stage === undefined)
      problems.push({
        path: ['initialStock', i, 'stage'],
        code: 'unknown_stage',
        message: `Stage "${c.stage}" is not a stage of this pathway.`,
      });
    else if (!(c.daysInStage >= 0))
      problems.push({
        path: ['initialStock', i, 'daysInStage'],
        code: 'invalid_value',
        message: 'daysInStage must be 0 or more.',
      });
    else initialStock.push({ stage, daysInStage: c.daysInStage });
  });
  if (problems.length > 0) throw new SimulationInputError(problems);
  const resolution = options.resolution ?? 'weekly';
  return {
    model,
    replications,
    startDate,
    resolution,
    stageLabels: Object.fromEntries(compiled.definition.stages.map((st) => [st.id, st.label])),
    startNotes:
      options.initialStock && !live
        ? [
            `No open cases were given to start from, so the run started from empty with a ${warmupDays}-day warm-up.`,
          ]
        : [],
    settings: {
      seed: options.seed ?? 1,
      originMs: originOf(startMs, warmupDays),
      warmupDays,
      horizonDays,
      bucketDays: resolution === 'daily' ? 1 : 7,
      ...(initialStock.length > 0 ? { initialStock } : {}),
    },
  };
}

/**
 * Runs N replications of a pathway over worker threads and summarises them.
 * @example const r = await runSimulation({ pathway: defaultPathway, replications: 200, horizonDays: 730 })
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const run = prepareRun(options);
  const aggregator = await runReplications(run.model, run.settings, {
    replications: run.replications,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.pool ? { pool: options.pool } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return describe(run, aggregator.result());
}

/** Wraps an aggregate with the run's settings and the series' dates. */
export function describe(run: PreparedRun, aggregate: AggregateResult): SimulationResult {
  const { settings } = run;
  const startMs = parseDate(run.startDate);
  const buckets = bucketCount(settings.horizonDays, settings.bucketDays);
  const times = Array.from({ length: buckets }, (_, b) =>
    new Date(startMs + Math.min(settings.horizonDays, (b + 1) * settings.bucketDays) * 86_400_000)
      .toISOString()
      .slice(0, 10),
  );
  const capacity = aggregate.stages.map((st, s): StageCapacity => {
    const cap = run.model.capacity[s] ?? 0;
    const share = st.stats.atCapacity.mean;
    return {
      stage: st.stage,
      capacity: cap > 0 ? cap : null,
      shareAtCapacity: share,
      bound: cap > 0 && share >= CAPACITY_BOUND_SHARE,
    };
  });
  return {
    pathwayId: run.model.pathwayId,
    seed: settings.seed,
    startDate: run.startDate,
    warmupDays: settings.warmupDays,
    horizonDays: settings.horizonDays,
    resolution: run.resolution,
    times,
    capacity,
    capacityBound: capacity.filter((c) => c.bound).map((c) => c.stage),
    stageLabels: run.stageLabels,
    // Today's caseload: open cases in non-terminal stages (a closed case is not on anyone's books).
    startingCases: (settings.initialStock ?? []).filter((c) => !run.model.terminal[c.stage]).length,
    money: {
      currency: 'GBP',
      period: 'horizon',
      weeks: Math.round((settings.horizonDays / 7) * 1000) / 1000,
    },
    notes: [...run.startNotes, ...RESULT_NOTES],
    ...aggregate,
  };
}
