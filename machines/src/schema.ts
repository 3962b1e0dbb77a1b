import { z } from 'zod';

/** Identifiers are lower snake case so they survive CSV headers, URLs and XES attribute values. */
export const IdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower snake case: a letter, then letters, digits or underscores');

/** How long a stay lasts in simulation; days are calendar days. */
export const DurationModelSchema: z.ZodType<DurationModel> = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('exponential'), meanDays: z.number().positive() }).strict(),
    z
      .object({
        type: z.literal('lognormal'),
        medianDays: z.number().positive(),
        sigma: z.number().positive(),
      })
      .strict(),
    z
      .object({ type: z.literal('gamma'), shape: z.number().positive(), scaleDays: z.number().positive() })
      .strict(),
    z
      .object({
        type: z.literal('empirical'),
        quantiles: z
          .array(z.object({ p: z.number().min(0).max(1), days: z.number().min(0) }).strict())
          .min(2),
      })
      .strict(),
  ]),
);

/** A duration distribution, optionally specialised per destination stage. */
export type DurationModel =
  | { type: 'exponential'; meanDays: number }
  | { type: 'lognormal'; medianDays: number; sigma: number }
  | { type: 'gamma'; shape: number; scaleDays: number }
  | { type: 'empirical'; quantiles: { p: number; days: number }[] };

/** Statutory timescales are counted in working days (calendar-aware) or calendar months. */
export const TimescaleSchema = z
  .object({
    value: z.number(),
    unit: z.enum(['working_days', 'days', 'months']),
    label: z.string().optional(),
  })
  .strict();
/** A statutory timescale for a stay in a stage. */
export type Timescale = z.infer<typeof TimescaleSchema>;

/** Capacity as staff: workers (full-time equivalents) times the caseload each can hold. */
export const StaffingSchema = z
  .object({ workers: z.number().positive(), casesPerWorker: z.number().positive() })
  .strict();
/** A stage's staffing: its capacity is floor(workers x casesPerWorker). */
export type Staffing = z.infer<typeof StaffingSchema>;

/**
 * What a case does while a full stage has no place for it: without this rule it waits (forever
 * patient); with it, it gives up after its patience runs out and moves to `to` (by `event`, or the
 * pathway's move from the stage to `to`), e.g. early help not picked up re-presents at the front door.
 */
export const WhenFullSchema = z
  .object({ patience: DurationModelSchema, to: IdSchema, event: IdSchema.optional() })
  .strict();
/** A stage's rule for cases waiting while it is full. */
export type WhenFull = z.infer<typeof WhenFullSchema>;

/** A stage of the pathway: one level of need a case can sit in. */
export const StageSchema = z
  .object({
    id: IdSchema,
    label: z.string().min(1),
    level: z.number().int().min(1).max(4),
    group: IdSchema.optional(),
    terminal: z.boolean().optional(),
    timescale: TimescaleSchema.optional(),
    /** Concurrent cases the stage can hold; or give `staffing` (not both). Absent: unlimited. */
    capacity: z.number().int().positive().optional(),
    staffing: StaffingSchema.optional(),
    whenFull: WhenFullSchema.optional(),
    duration: DurationModelSchema.optional(),
    durationByDestination: z.record(z.string(), DurationModelSchema).optional(),
    costPerDay: z.number().min(0).optional(),
    kpiTags: z.array(IdSchema).default([]),
  })
  .strict();
/** A stage of the pathway. */
export type Stage = z.infer<typeof StageSchema>;

/** A parent state: moves declared on a group apply to every stage inside it. */
export const GroupSchema = z
  .object({ id: IdSchema, label: z.string().min(1), parent: IdSchema.optional() })
  .strict();
/** A group of stages sharing moves. */
export type Group = z.infer<typeof GroupSchema>;

/** The kinds of move the service distinguishes; step-up and step-down are reported separately. */
export const TransitionKindSchema = z.enum(['progress', 'step-up', 'step-down', 'close', 're-referral']);
/** A kind of move. */
export type TransitionKind = z.infer<typeof TransitionKindSchema>;

/** A legal move from a stage (or every stage of a group) to a stage, triggered by a named event. */
export const TransitionSchema = z
  .object({
    from: IdSchema,
    to: IdSchema,
    event: IdSchema,
    kind: TransitionKindSchema,
    weight: z.number().default(1),
    weightBySource: z.record(z.string(), z.number()).optional(),
    kpiTags: z.array(IdSchema).default([]),
  })
  .strict();
/** A move between stages. */
export type Transition = z.infer<typeof TransitionSchema>;

/** External demand for simulation: Poisson arrivals at the entry stage. */
export const ArrivalsSchema = z
  .object({
    perYear: z.number().min(0),
    seasonality: z.array(z.number().min(0)).length(12).optional(),
    trendPerYear: z.number().optional(),
  })
  .strict();
/** External arrivals at the entry stage. */
export type Arrivals = z.infer<typeof ArrivalsSchema>;

/** A KPI's baseline and target as the pathway's owners set them, in the KPI's own unit (e.g. % or per 10,000 a year). */
export const KpiBenchmarkSchema = z
  .object({
    baseline: z.number().finite().optional(),
    target: z.number().finite().optional(),
  })
  .strict();

/** The versioned document a pathway is: compiled to an XState machine, edited in the designer. */
export const PathwayDefinitionSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1),
    version: z.number().int().positive().optional(),
    entry: IdSchema,
    population: z.number().int().positive().optional(),
    /** Whose bank holidays working-day timescales skip (the pathway's jurisdiction); absent: the server default. */
    calendar: z.enum(['england-and-wales', 'jersey']).optional(),
    stages: z.array(StageSchema).min(1),
    groups: z.array(GroupSchema).default([]),
    transitions: z.array(TransitionSchema),
    recordEvents: z.array(IdSchema).default([]),
    arrivals: ArrivalsSchema.optional(),
    /** Baselines and targets by KPI id (packages/analytics' KPI ids), shown beside the current value. */
    kpiBenchmarks: z.record(IdSchema, KpiBenchmarkSchema).optional(),
  })
  .strict();
/** A pathway definition after defaults are applied. */
export type PathwayDefinition = z.infer<typeof PathwayDefinitionSchema>;
/** A pathway definition as written, before defaults. */
export type PathwayDefinitionInput = z.input<typeof PathwayDefinitionSchema>;
