import { z } from 'zod';
import { BandSchema } from './simulationResult.ts';

/** One stage of a backtest: recorded and simulated monthly stock and entries (packages/simulator `BacktestStage`). */
export const BacktestStageSchema = z.strictObject({
  stage: z.string(),
  terminal: z.boolean(),
  openAtT: z.number(),
  stock: z.strictObject({ actual: z.array(z.number()), simulated: BandSchema }).nullable(),
  entries: z.strictObject({ actual: z.array(z.number()), simulated: BandSchema }),
  stockMape: z.number().nullable(),
  entriesMape: z.number().nullable(),
  stockCoverage: z.number().nullable(),
  entriesCoverage: z.number().nullable(),
  meanActualStock: z.number().nullable(),
  assessed: z.boolean(),
});

/** A finished backtest (GET /api/backtests/:id `result`): the simulator's `BacktestResult` with the pathway's stage labels. */
export const BacktestResponseSchema = z.strictObject({
  pathwayId: z.string(),
  version: z.number(),
  stageLabels: z.record(z.string(), z.string()),
  at: z.string(),
  months: z.number(),
  monthDays: z.number(),
  times: z.array(z.string()),
  replications: z.number(),
  seed: z.number(),
  calibration: z.strictObject({
    from: z.string(),
    asOf: z.string(),
    arrivalsPerYear: z.number(),
    trendPerYear: z.number(),
  }),
  stages: z.array(BacktestStageSchema),
  summary: z.strictObject({
    maxStockMape: z.number().nullable(),
    coverage: z.number().nullable(),
    assessedStages: z.array(z.string()),
  }),
  notes: z.array(z.string()),
});
/** A backtest as the API returns it. */
export type BacktestResponse = z.infer<typeof BacktestResponseSchema>;

/** Where a backtest job stands: waiting for a worker, running, or ended. */
export const BacktestStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
/** A backtest job's status. */
export type BacktestStatus = z.infer<typeof BacktestStatusSchema>;

/** POST /api/backtests: the backtest is checked, stored and queued; a worker runs it. */
export const BacktestStartedResponseSchema = z.strictObject({
  id: z.string(),
  status: z.literal('queued'),
  links: z.strictObject({ self: z.string() }),
});

/**
 * GET /api/backtests/:id: status, progress (replications done of total), which start of its job
 * runs it, and once done the backtest itself (`result`, the body POST answered before backtests
 * were jobs); `error` once failed.
 */
export const BacktestRunResponseSchema = z.strictObject({
  id: z.string(),
  pathwayId: z.string(),
  version: z.number().nullable(),
  status: BacktestStatusSchema,
  done: z.number(),
  total: z.number(),
  /** The request as the server normalised it (defaults filled in, the version resolved). */
  request: z.unknown(),
  result: BacktestResponseSchema.nullable(),
  error: z.strictObject({ title: z.string(), detail: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  heartbeatAt: z.string().nullable(),
  /** Which start of the backtest's job this is: 2 or more when a worker died or stopped and another started it again (null: not started yet). */
  attempt: z.number().int().nullable(),
  links: z.strictObject({ self: z.string() }),
});
/** A backtest job as the API returns it. */
export type BacktestRunResponse = z.infer<typeof BacktestRunResponseSchema>;
