import { z } from 'zod';

/** The demand a calibration estimated: the yearly rate at the extract date and the fitted trend. */
export const CalibratedArrivalsSchema = z.strictObject({
  perYear: z.number(),
  /** Monthly rate relative to the mean month. */
  seasonality: z.array(z.number()),
  /** Arrivals counted. */
  cases: z.number(),
  /** Growth a year used by the baseline (0 when the trend's interval includes no growth). */
  trendPerYear: z.number(),
  /** The fitted growth with its 90% interval; null with under two years of history. */
  trend: z.strictObject({ estimate: z.number(), low: z.number(), high: z.number() }).nullable(),
});
/** The demand a calibration estimated. */
export type CalibratedArrivals = z.infer<typeof CalibratedArrivalsSchema>;

/**
 * One calibrated baseline of GET /api/calibration. Every key is listed (strict); the parts the
 * browser does not read (per-stage estimates, the calibrated pathway, the fit report) stay unknown.
 */
export const CalibrationSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  pathwayId: z.string(),
  version: z.number(),
  from: z.string(),
  to: z.string(),
  arrivals: CalibratedArrivalsSchema,
  stages: z.array(z.unknown()),
  unmatchedMoves: z.number(),
  pathway: z.unknown(),
  notes: z.array(z.string()),
  fit: z.unknown().optional(),
  /** Today's caseload: open cases outside terminal stages, as of the latest recorded time (`openAsOf`). */
  openCases: z.number(),
  openAsOf: z.string(),
});
/** One calibrated baseline. */
export type Calibration = z.infer<typeof CalibrationSchema>;

/** GET /api/calibration. */
export const CalibrationListResponseSchema = z.strictObject({ calibrations: z.array(CalibrationSchema) });
/** The calibrated baselines on offer. */
export type CalibrationListResponse = z.infer<typeof CalibrationListResponseSchema>;
