import { DurationModelSchema, findPii, StageSchema, TransitionSchema } from '@continuum/machines';
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
    capacity: z.record(z.string(), z.number().int().positive().nullable()).optional(),
    capacityMultiplier: z.record(z.string(), z.number().positive()).optional(),
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
    horizonDays: z.number().positive().max(36_525).default(730),
    warmupDays: z.number().min(0).max(36_525).optional(),
    replications: z.number().int().min(1).max(10_000).default(100),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    resolution: z.enum(['daily', 'weekly']).default('weekly'),
    /** Start empty (with warm-up) or from the live stock of the case store. */
    startFrom: z.enum(['empty', 'live']).default('empty'),
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
  })
  .strict();
