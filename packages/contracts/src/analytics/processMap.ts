import { TimescaleSchema } from '@continuum/machines';
import { z } from 'zod';
import { PathwayRefSchema, SuppressionNoticeSchema, figure, suppressedField } from './suppression.ts';

/** Whole-day duration summary (packages/analytics `DurationStats`); null where suppressed. */
export const DurationStatsSchema = z.strictObject({
  count: figure,
  mean: figure,
  median: figure,
  p90: figure,
  max: figure,
});
/** Whole-day duration summary as the map returns it. */
export type DurationStats = z.infer<typeof DurationStatsSchema>;

/** One throughput bucket (week or month) of a stage. */
export const ThroughputBucketSchema = z.strictObject({
  start: z.string(),
  end: z.string(),
  entries: figure,
  exits: figure,
  suppressed: suppressedField,
});

/** Timescale compliance of one stage (packages/analytics `StageTimescale`). */
export const StageTimescaleSchema = TimescaleSchema.extend({
  completed: figure,
  withinTimescale: figure,
  percentWithin: figure,
  openOverdue: figure,
});

/** One stage of the process map (packages/analytics `StageFigures`, suppressible). */
export const StageFiguresSchema = z.strictObject({
  stage: z.string(),
  label: z.string(),
  level: z.number().nullable(),
  entries: figure,
  exits: figure,
  openAtStart: figure,
  openAtEnd: figure,
  openAsOf: figure,
  timeInStage: DurationStatsSchema,
  openAge: DurationStatsSchema,
  throughput: z.array(ThroughputBucketSchema),
  timescale: StageTimescaleSchema.nullable(),
  suppressed: suppressedField,
});
/** One stage of the process map; for a role without case-level access hidden figures are null. */
export type StageFigures = z.infer<typeof StageFiguresSchema>;

/** One move of the process map (packages/analytics `TransitionFigures`, suppressible). */
export const TransitionFiguresSchema = z.strictObject({
  from: z.string(),
  to: z.string().nullable(),
  moves: figure,
  cases: figure,
  shareOfSourceExits: figure,
  daysInSource: DurationStatsSchema,
  events: z.record(z.string(), figure),
  suppressed: suppressedField,
});
/** One move of the process map. */
export type TransitionFigures = z.infer<typeof TransitionFiguresSchema>;

/** A period with the day "open" refers to. */
export const PeriodSchema = z.strictObject({ from: z.string(), to: z.string(), asOf: z.string() });

/** GET /api/analytics/map (packages/analytics `ProcessMap` with the pathway it was computed for). */
export const ProcessMapResponseSchema = z.strictObject({
  pathway: PathwayRefSchema,
  period: PeriodSchema.extend({ bucket: z.enum(['week', 'month']) }),
  filters: z.record(z.string(), z.array(z.string()).readonly()),
  calendar: z.string(),
  stages: z.array(StageFiguresSchema),
  transitions: z.array(TransitionFiguresSchema),
  definitions: z.record(z.string(), z.string()),
  suppression: SuppressionNoticeSchema.optional(),
});
/** The process map for a period. */
export type ProcessMapResponse = z.infer<typeof ProcessMapResponseSchema>;
