import { TimescaleSchema } from '@continuum/machines';
import { z } from 'zod';
import { PathwayRefSchema, SuppressionNoticeSchema, figure, suppressedField } from './suppression.ts';

/** One case on the manager's worklist (packages/analytics `WorklistItem`, with the API's case id). */
export const WorklistItemSchema = z.strictObject({
  caseId: z.string(),
  ref: z.string().nullable(),
  stage: z.string(),
  enteredAt: z.string(),
  dueOn: z.string(),
  workingDaysOverdue: z.number(),
  daysOverdue: z.number(),
  daysInStage: z.number(),
  overdue: z.boolean(),
  timescale: TimescaleSchema,
});
/** One case due soon or overdue, as the worklist lists it. */
export type WorklistItem = z.infer<typeof WorklistItemSchema>;

/** A stage's due-soon and overdue counts, overdue ones by ageing bucket (suppressible for viewers). */
export const WorklistStageSchema = z.strictObject({
  stage: z.string(),
  label: z.string(),
  dueSoon: figure,
  overdue: figure,
  buckets: z.array(figure),
  suppressed: suppressedField,
});
/** A stage's row of the ageing table. */
export type WorklistStage = z.infer<typeof WorklistStageSchema>;

/**
 * GET /api/worklist: case rows for roles with case-level access (`items`, audited); for other roles
 * no rows, only counts under the small-number policy (`suppression` present).
 */
export const WorklistResponseSchema = z.strictObject({
  pathway: PathwayRefSchema,
  asOf: z.string(),
  calendar: z.string(),
  dueWithinDays: z.number(),
  ageingBuckets: z.array(z.string()),
  byStage: z.array(WorklistStageSchema),
  total: figure,
  filters: z.record(z.string(), z.array(z.string()).readonly()),
  items: z.array(WorklistItemSchema).nullable(),
  truncated: z.boolean(),
  suppressed: suppressedField,
  suppression: SuppressionNoticeSchema.optional(),
});
/** The manager's worklist as the API answers it. */
export type WorklistResponse = z.infer<typeof WorklistResponseSchema>;
