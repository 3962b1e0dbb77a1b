import { z } from 'zod';
import { ScenarioComparisonSchema, SimulationResultSchema } from './simulationResult.ts';

/** Where a run stands. */
export const RunStatusSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

/** POST /api/simulations: the run is accepted and runs in the background. */
export const SimulationStartedResponseSchema = z.strictObject({
  id: z.string(),
  status: z.literal('running'),
  links: z.strictObject({ self: z.string(), events: z.string() }),
});

/**
 * GET /api/simulations/:id: status, progress and, once done, the result: a comparison when the
 * request asked for one (`compare`), otherwise a single run.
 */
export const SimulationRunResponseSchema = z.strictObject({
  id: z.string(),
  pathwayId: z.string(),
  version: z.number().nullable(),
  status: RunStatusSchema,
  done: z.number(),
  total: z.number(),
  /** The request as the server normalised it (the web app shows its own copy). */
  request: z.unknown(),
  result: z.union([ScenarioComparisonSchema, SimulationResultSchema]).nullable(),
  error: z.strictObject({ title: z.string(), detail: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  heartbeatAt: z.string().nullable(),
  /** Which start of the run's job this is: 2 or more when a worker died or stopped and another restarted it (null: not started yet). */
  attempt: z.number().int().nullable(),
});
/** A simulation run as the API returns it. */
export type SimulationRunResponse = z.infer<typeof SimulationRunResponseSchema>;
