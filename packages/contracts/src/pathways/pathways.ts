import {
  type PathwayDefinitionInput,
  PathwayDefinitionSchema,
  type PathwayProblem,
} from '@continuum/machines';
import { z } from 'zod';

/** One pathway as GET /api/pathways lists it. */
export const PathwaySummarySchema = z.strictObject({
  pathwayId: z.string(),
  name: z.string(),
  latestVersion: z.number(),
  versions: z.array(z.number()),
  hasDraft: z.boolean(),
});
/** One pathway with its published versions. */
export type PathwaySummary = z.infer<typeof PathwaySummarySchema>;

/** GET /api/pathways. */
export const PathwayListResponseSchema = z.strictObject({ pathways: z.array(PathwaySummarySchema) });
/** Every pathway with its published versions. */
export type PathwayListResponse = z.infer<typeof PathwayListResponseSchema>;

/** GET /api/pathways/:id/versions/:version: a published (so valid) definition. */
export const PublishedVersionResponseSchema = z.strictObject({
  pathwayId: z.string(),
  version: z.number(),
  name: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  definition: PathwayDefinitionSchema,
});
/** A published version as the API returns it (the designer edits its definition as a draft). */
export type PublishedVersionResponse = Omit<z.infer<typeof PublishedVersionResponseSchema>, 'definition'> & {
  definition: PathwayDefinitionInput;
};

/** A draft's definition: saved as the designer left it, so it need not be valid. */
const DraftDefinitionSchema = z.custom<PathwayDefinitionInput>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
);

/** A problem the server found in a definition (machines `PathwayProblem`). */
export const PathwayProblemSchema: z.ZodType<PathwayProblem> = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});

/** GET /api/pathways/:id/draft: the saved draft with the version it was started from. */
export const SavedDraftResponseSchema = z.strictObject({
  pathwayId: z.string(),
  definition: DraftDefinitionSchema,
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  /** The version it was started from (0: none was published). */
  baseVersion: z.number(),
  latestVersion: z.number(),
  /** A newer version was published since: publishing it would undo that version, so it must be rebased. */
  stale: z.boolean(),
});
/** A saved draft with the published version it was started from. */
export type SavedDraftResponse = z.infer<typeof SavedDraftResponseSchema>;

/** POST /api/pathways/validate: every problem the server, the authority, finds in a definition. */
export const ValidateResponseSchema = z.strictObject({
  ok: z.boolean(),
  problems: z.array(PathwayProblemSchema),
});
/** What validating a definition found. */
export type ValidateResponse = z.infer<typeof ValidateResponseSchema>;
