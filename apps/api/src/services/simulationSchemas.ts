import {
  DurationModelSchema,
  findPii,
  StaffingSchema,
  StageSchema,
  TransitionSchema,
  WhenFullSchema,
} from '@continuum/machines';
import { z } from 'zod';

/**
 * One issue per string or key that looks like personal data (422 naming its path, never its value):
 * scenario names, summaries and the stages a scenario adds are stored with saved scenarios and runs.
 */
function noPii(value: unknown, ctx: z.RefinementCtx): void {
  for (const f of findPii(value)) {
    ctx.addIssue({
      code: 'custom',
      path: f.path,
      params: { code: 'pii_rejected' },
      message: `${f.reason}; names, contact details and dates of birth must not be stored (the value is not repeated here)`,
    });
  }
}

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lower snake case id');

/** A scenario as the API accepts it: the simulator's `Scenario`, checked for shape and sign here. */
export const ScenarioSchema = z
  .object({
    name: z.string().max(200).optional(),
    arrivalsPerYear: z.number().min(0, 'a rate cannot be negative').optional(),
    arrivalMultiplier: z.number().min(0, 'a rate multiplier cannot be negative').optional(),
    /** Demand growth a year as a fraction (0.05 = +5% a year), replacing the baseline's trend. */
    arrivalTrendPerYear: z
      .number()
      .gt(-1, 'a trend of -100% a year or less means no arrivals')
      .max(10)
      .optional(),
    /** Absolute capacity (concurrent cases) by stage; null removes the limit. */
    capacity: z.record(z.string(), z.number().int().positive().nullable()).optional(),
    /** Relative capacity by stage: 1.2 = +20% (on a staffed stage, 20% more workers). */
    capacityMultiplier: z.record(z.string(), z.number().positive()).optional(),
    /** Absolute staffing by stage: workers and caseload per worker (either may be given alone on a staffed stage). */
    staffing: z.record(z.string(), StaffingSchema.partial()).optional(),
    /** What waiting cases do when the stage is full (give up after a patience, to a stage); null: they wait. */
    whenFull: z.record(z.string(), WhenFullSchema.nullable()).optional(),
    weights: z
      .array(
        z
          .object({
            from: z.string(),
            event: z.string(),
            weight: z.number().min(0, 'weights cannot be negative'),
          })
          .strict(),
      )
      .optional(),
    /** Scale one move's share of its stage's exits (1.1 = 10% more); the other moves share the rest. */
    weightMultipliers: z
      .array(
        z
          .object({
            from: z.string(),
            event: z.string(),
            factor: z.number().min(0, 'a factor cannot be negative'),
          })
          .strict(),
      )
      .optional(),
    durations: z.record(z.string(), DurationModelSchema).optional(),
    durationMultiplier: z.record(z.string(), z.number().positive()).optional(),
    newStages: z
      .array(z.object({ stage: StageSchema, moves: z.array(TransitionSchema) }).strict())
      .optional(),
  })
  .strict()
  .superRefine(noPii);

/** POST /api/simulations body: which pathway, which baseline, which scenario, how long, how many runs. */
export const SimulationRequestSchema = z
  .object({
    pathwayId: id,
    /** Published version; default the latest. */
    version: z.number().int().positive().optional(),
    /** A calibration id from GET /api/calibration: simulate the calibrated baseline instead of the published parameters. */
    calibrationId: z.string().max(200).superRefine(noPii).optional(),
    scenario: ScenarioSchema.default({}),
    /** Also run the unchanged baseline with common random numbers (default: when the scenario changes anything). */
    compare: z.boolean().optional(),
    horizonDays: z.number().int().positive().max(36_525).default(730),
    warmupDays: z.number().int().min(0).max(36_525).optional(),
    replications: z.number().int().min(1).max(10_000).default(100),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    resolution: z.enum(['daily', 'weekly']).default('weekly'),
    /**
     * Start from today's caseload (`live`, the default: the open cases with their time in stage, from
     * the latest recorded date) or from empty with a warm-up (`empty`, default warm-up 365 days).
     */
    startFrom: z.enum(['empty', 'live']).default('live'),
    startDate: z.iso.date().optional(),
  })
  .strict();
/** A validated simulation request. */
export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;

/** POST /api/scenarios body: a name and the run request it stands for. */
export const SavedScenarioSchema = z
  .object({
    name: z.string().min(1).max(200).superRefine(noPii),
    request: SimulationRequestSchema.partial({ seed: true }),
    summary: z.unknown().superRefine(noPii).optional(),
    /** A finished run of this request whose result is saved with the scenario (reopened with it). */
    runId: z.string().max(100).optional(),
  })
  .strict();

/** POST /api/backtests body: which pathway, the date T to stand at, how many months to compare. */
export const BacktestRequestSchema = z
  .object({
    pathwayId: id,
    /** Published version; default the latest. */
    version: z.number().int().positive().optional(),
    /** T: calibrate on the history before it, simulate from the caseload open at it. */
    at: z.iso.date(),
    /** Months (of 30.4375 days) after T to simulate and compare with the record. */
    months: z.number().int().min(1).max(36).default(12),
    replications: z.number().int().min(10).max(1000).default(200),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict();
/** A validated backtest request. */
export type BacktestRequest = z.infer<typeof BacktestRequestSchema>;
