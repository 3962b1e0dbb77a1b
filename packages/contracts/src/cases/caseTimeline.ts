import { TimescaleSchema } from '@continuum/machines';
import { z } from 'zod';

/** A case as the API shows it (apps/api `caseJson`): public id, ISO times, coded attributes. */
export const CaseSchema = z.strictObject({
  id: z.string(),
  ref: z.string(),
  pathwayVersionId: z.number(),
  stage: z.string(),
  stageEnteredAt: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  lastSeq: z.number(),
  attributes: z.record(z.string(), z.string().nullable()),
});
/** A case as the API shows it. */
export type Case = z.infer<typeof CaseSchema>;

/** One recorded event of a case. */
export const CaseEventSchema = z.strictObject({
  seq: z.number(),
  event: z.string().nullable(),
  fromStage: z.string().nullable(),
  toStage: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  clientEventId: z.string().nullable(),
  /** An imported move the pathway lacks, stored as recorded (no event); never true for a live move. */
  outsidePathway: z.boolean(),
});
/** One recorded event of a case. */
export type CaseEvent = z.infer<typeof CaseEventSchema>;

/** One stay of a case in a stage. */
export const CaseStaySchema = z.strictObject({
  stage: z.string(),
  enteredAt: z.string(),
  exitedAt: z.string().nullable(),
  nextStage: z.string().nullable(),
  entryEvent: z.string().nullable(),
  exitEvent: z.string().nullable(),
});
/** One stay of a case in a stage. */
export type CaseStay = z.infer<typeof CaseStaySchema>;

/** GET /api/cases/:caseId: a case with its timeline and the events it may take next. */
export const CaseTimelineResponseSchema = z.strictObject({
  case: CaseSchema,
  pathway: z.strictObject({ id: z.string(), version: z.number().nullable() }),
  allowedEvents: z.array(z.string()),
  events: z.array(CaseEventSchema),
  intervals: z.array(CaseStaySchema),
});
/** A case with its timeline. */
export type CaseTimelineResponse = z.infer<typeof CaseTimelineResponseSchema>;

/** A case resting in a stage, with how long it has been there and when it is due out. */
export const StageCaseSchema = CaseSchema.extend({
  daysInStage: z.number(),
  timescale: TimescaleSchema.nullable(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
});
/** A case resting in a stage. */
export type StageCase = z.infer<typeof StageCaseSchema>;

/** GET /api/stages/:stage/cases: the cases resting in a stage, longest waiting first. */
export const StageCasesResponseSchema = z.strictObject({
  stage: z.string(),
  asOf: z.string(),
  count: z.number(),
  cases: z.array(StageCaseSchema),
});
/** The cases resting in a stage. */
export type StageCasesResponse = z.infer<typeof StageCasesResponseSchema>;
