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

/** POST /api/backtests: the simulator's `BacktestResult` with the pathway's stage labels. */
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
