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

/** One move the pathway lacks, made in the period by imported history (packages/analytics `ConformanceMove`). */
export const ConformanceMoveSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  moves: figure,
  suppressed: suppressedField,
});

/** A stage's moves outside the pathway, out of it and into it (packages/analytics `ConformanceStage`). */
export const ConformanceStageSchema = z.strictObject({
  stage: z.string(),
  movesOut: figure,
  movesIn: figure,
  suppressed: suppressedField,
});

/** Moves outside the pathway in the period, per move and per stage (suppressible like every count). */
export const ConformanceSchema = z.strictObject({
  total: figure,
  moves: z.array(ConformanceMoveSchema),
  stages: z.array(ConformanceStageSchema),
  suppressed: suppressedField,
});
/** The map's conformance: moves outside the pathway (flagged imported history). */
export type Conformance = z.infer<typeof ConformanceSchema>;

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
  conformance: ConformanceSchema,
  definitions: z.record(z.string(), z.string()),
  suppression: SuppressionNoticeSchema.optional(),
});
/** The process map for a period. */
export type ProcessMapResponse = z.infer<typeof ProcessMapResponseSchema>;
