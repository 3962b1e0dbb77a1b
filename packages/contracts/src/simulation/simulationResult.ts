import { z } from 'zod';

/** A statistic across replications (packages/simulator `Stat`). */
export const StatSchema = z.strictObject({
  mean: z.number(),
  /** 5th and 95th percentile across replications. */
  p5: z.number(),
  p95: z.number(),
  /** 90% confidence interval of the mean. */
  ciLow: z.number(),
  ciHigh: z.number(),
});

/** A statistic across replications: mean, 5th-95th percentiles, 90% CI of the mean. */
export type Stat = z.infer<typeof StatSchema>;

/** A time series across replications: mean and a 90% band (packages/simulator `Band`). */
export const BandSchema = z.strictObject({
  mean: z.array(z.number()),
  lo: z.array(z.number()),
  hi: z.array(z.number()),
});
/** A band: mean with its lower and upper series. */
export type Band = z.infer<typeof BandSchema>;

/** The per-stage scalar statistics (packages/simulator `ScalarName`, checked by a test). */
export const SCALAR_NAMES = [
  'entries',
  'exits',
  'meanStock',
  'meanQueue',
  'waits',
  'meanWait',
  'meanStay',
  'breaches',
  'timedExits',
  'breachRate',
  'overdueAtEnd',
  'cost',
  'stockAtEnd',
  'gaveUp',
  'meanWaitAll',
  'gaveUpRate',
  'atCapacity',
] as const;
/** Name of a per-stage scalar statistic. */
export type ScalarName = (typeof SCALAR_NAMES)[number];

const StatsSchema = z.strictObject(
  Object.fromEntries(SCALAR_NAMES.map((n) => [n, StatSchema])) as Record<ScalarName, typeof StatSchema>,
);

/** Per-stage results of a run (packages/simulator `StageResult`). */
export const StageResultSchema = z.strictObject({
  stage: z.string(),
  stats: StatsSchema,
  stock: BandSchema,
  queue: BandSchema,
  entries: BandSchema,
});
/** Per-stage results of a run. */
export type StageResult = z.infer<typeof StageResultSchema>;

/** A stage's capacity as the run used it, and how much of the time it was full (packages/simulator `StageCapacity`). */
export const StageCapacitySchema = z.strictObject({
  stage: z.string(),
  /** Concurrent cases; null = unlimited. */
  capacity: z.number().nullable(),
  shareAtCapacity: z.number(),
  /** Full often enough that more capacity would change flows there. */
  bound: z.boolean(),
});

/** One finished run (packages/simulator `SimulationResult`). */
export const SimulationResultSchema = z.strictObject({
  pathwayId: z.string(),
  seed: z.number(),
  startDate: z.string(),
  warmupDays: z.number(),
  horizonDays: z.number(),
  resolution: z.enum(['daily', 'weekly']),
  /** ISO date at the end of each series bucket. */
  times: z.array(z.string()),
  notes: z.array(z.string()),
  replications: z.number(),
  stages: z.array(StageResultSchema),
  arrivals: StatSchema,
  totalCost: StatSchema,
  events: z.number(),
  capacity: z.array(StageCapacitySchema),
  /** Ids of the capacity-bound stages. */
  capacityBound: z.array(z.string()),
  /** Each stage's label, by id. */
  stageLabels: z.record(z.string(), z.string()),
  /** Open cases the run started from (0: from empty with warm-up). */
  startingCases: z.number(),
  /** Costs are in this currency, summed over the horizon (`weeks` long). */
  money: z.strictObject({ currency: z.literal('GBP'), period: z.literal('horizon'), weeks: z.number() }),
});
/** One finished run. */
export type SimulationResult = z.infer<typeof SimulationResultSchema>;

/** A scenario beside its baseline with common random numbers (packages/simulator `ScenarioComparison`). */
export const ScenarioComparisonSchema = z.strictObject({
  baseline: SimulationResultSchema,
  scenario: SimulationResultSchema,
  difference: z.strictObject({
    stages: z.array(
      z.strictObject({
        stage: z.string(),
        added: z.boolean(),
        stats: StatsSchema,
        stockMean: z.array(z.number()),
      }),
    ),
    totalCost: StatSchema,
    arrivals: StatSchema,
  }),
});
/** A scenario beside its baseline. */
export type ScenarioComparison = z.infer<typeof ScenarioComparisonSchema>;
