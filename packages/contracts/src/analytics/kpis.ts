import { z } from 'zod';
import { PeriodSchema } from './processMap.ts';
import { PathwayRefSchema, SuppressionNoticeSchema, figure, suppressedField } from './suppression.ts';

/** One KPI with the counts behind it (packages/analytics `Kpi`, suppressible). */
export const KpiSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  unit: z.enum(['count', 'percent', 'per_10000']),
  value: figure,
  numerator: figure,
  denominator: figure,
  numeratorLabel: z.string(),
  denominatorLabel: z.string().nullable(),
  definition: z.string(),
  /** Events dated in the period (a rate of it is annualised for reading) or cases open at asOf. */
  measured: z.enum(['period', 'asOf']),
  suppressed: suppressedField,
});
/** One KPI with the numbers it is made of, so a board member can check it. */
export type Kpi = z.infer<typeof KpiSchema>;

/** GET /api/analytics/kpis (packages/analytics `KpiReport` with its pathway). */
export const KpisResponseSchema = z.strictObject({
  pathway: PathwayRefSchema,
  period: PeriodSchema,
  filters: z.record(z.string(), z.array(z.string()).readonly()),
  population: figure,
  kpis: z.array(KpiSchema),
  suppression: SuppressionNoticeSchema.optional(),
});
/** The KPI set for a period. */
export type KpisResponse = z.infer<typeof KpisResponseSchema>;
