import { z } from 'zod';

/** Why the API hid a figure from a role without case-level access (the suppression policy's marks). */
export const SuppressionMarkSchema = z.enum(['primary', 'secondary', 'derived', 'withheld']);
/** Why the API hid a figure from a role without case-level access. */
export type SuppressionMark = z.infer<typeof SuppressionMarkSchema>;

/** The hidden figures of one object, by dotted key: present only where something was hidden. */
export const suppressedField = z.record(z.string(), SuppressionMarkSchema).optional();

/** A count or figure the policy may hide (null) from an aggregate-only role. */
export const figure = z.number().nullable();

/** What every suppressed answer carries, so a reader knows numbers were hidden and by which rules. */
export const SuppressionNoticeSchema = z.strictObject({
  applied: z.literal(true),
  smallCounts: z.string(),
  rules: z.array(z.string()),
});

/** The pathway an analytics answer was computed for. */
export const PathwayRefSchema = z.strictObject({ id: z.string(), version: z.number().nullable() });
