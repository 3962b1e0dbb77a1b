import { z } from 'zod';

/** The file kinds `POST /api/ingest` reads (the CLI's `--format` choices). */
export const IngestFormatSchema = z.enum(['csv', 'ndjson', 'annex-a', 'cin', 'ssda903']);
/** A file kind the ingest reads. */
export type IngestFormat = z.infer<typeof IngestFormatSchema>;

/** One refused event or canonical row (the store's reason, never the refused value). */
export const IngestRejectedRowSchema = z.strictObject({
  row: z.number(),
  code: z.string(),
  field: z.string().optional(),
  message: z.string(),
});

/**
 * What the store did with the events (or canonical rows) it was given; every row counted once:
 * rows = acceptedRows + duplicateRows + rejectedRows + discardedRows.
 */
export const IngestStoreReportSchema = z.strictObject({
  mode: z.enum(['atomic', 'partial']),
  committed: z.boolean(),
  rows: z.number(),
  acceptedRows: z.number(),
  /** Of acceptedRows: moves the pathway lacks, stored flagged (outsidePathway 'flag'). */
  outsidePathwayRows: z.number(),
  rejectedRows: z.number(),
  discardedRows: z.number(),
  duplicateRows: z.number(),
  casesCreated: z.number(),
  casesUpdated: z.number(),
  casesRejected: z.number(),
  rejected: z.array(IngestRejectedRowSchema),
  rejectedNotListed: z.number(),
  durationMs: z.number(),
});
/** The store's ingest report (also the whole answer for canonical CSV/NDJSON sent as the body). */
export type IngestStoreReport = z.infer<typeof IngestStoreReportSchema>;

/** The events as a person checks them: rows = imported + skipped + rejected (refused + dropped). */
export const IngestSummarySchema = z.strictObject({
  rows: z.number(),
  imported: z.number(),
  skipped: z.number(),
  rejected: z.number(),
  refused: z.number(),
  dropped: z.number(),
});
/** Every event (or canonical row) counted once. */
export type IngestSummary = z.infer<typeof IngestSummarySchema>;

/** How the source rows (or XML elements) of one part fared: read = the sum of the five outcomes. */
export const SourceCountsSchema = z.strictObject({
  read: z.number(),
  imported: z.number(),
  merged: z.number(),
  notStored: z.number(),
  outsidePathway: z.number(),
  rejected: z.number(),
});
/** Source rows or elements by outcome. */
export type SourceCounts = z.infer<typeof SourceCountsSchema>;

/** One part of the upload (an Annex A list, an SSDA903 table, a CIN census file) and its counts. */
export const SourcePartSchema = z.strictObject({
  file: z.string(),
  part: z.string(),
  ...SourceCountsSchema.shape,
  /** Why the part could not be read (a missing sheet or column); null when it was. */
  problem: z.string().nullable(),
});
/** One list, table or file of the upload. */
export type SourcePart = z.infer<typeof SourcePartSchema>;

/** One line of the data-quality report: where in the source, and what became of it (never a cell's value). */
export const QualityLineSchema = z.strictObject({
  file: z.string(),
  /** The list or sheet (Annex A), the table (SSDA903), the element path (CIN), `events` (the store's refusals). */
  part: z.string(),
  row: z.union([z.number(), z.literal('')]),
  field: z.string(),
  outcome: z.enum(['rejected', 'outside_pathway', 'merged', 'note']),
  problem: z.string(),
});
/** One line of the data-quality report. */
export type QualityLine = z.infer<typeof QualityLineSchema>;

/**
 * `POST /api/ingest` with multipart/form-data (any format): the source accounted for row by row
 * (Annex A, CIN, SSDA903; null for a canonical log, whose rows are the events), the events the
 * store was given, and the data-quality report (the first 1,000 lines, and the whole as CSV).
 */
export const IngestUploadResponseSchema = z.strictObject({
  format: IngestFormatSchema,
  files: z.array(z.string()),
  mode: z.enum(['atomic', 'partial']),
  /** What became of a recorded move the pathway lacks: stored flagged, or its row rejected. */
  outsidePathway: z.enum(['flag', 'reject']),
  /** Whether anything was written. */
  committed: z.boolean(),
  source: z
    .strictObject({
      /** `rows` (Annex A lists, SSDA903 tables) or `elements` (CIN census XML). */
      unit: z.enum(['rows', 'elements']),
      /** Children found in the source. */
      children: z.number(),
      /** Children already stored, continued from their stored stage. */
      continued: z.number(),
      /** Of those, children whose later events cannot follow on by a direct move (left out, reported). */
      gaps: z.number(),
      ...SourceCountsSchema.shape,
      parts: z.array(SourcePartSchema),
      /** Moves the source records that the pathway lacks, per move (`closed -> looked_after`). */
      outsidePathwayMoves: z.record(z.string(), z.number()),
    })
    .nullable(),
  events: IngestSummarySchema,
  /** The store's report; null when an atomic import was refused before anything reached the store. */
  ingest: IngestStoreReportSchema.nullable(),
  quality: z.strictObject({
    total: z.number(),
    lines: z.array(QualityLineSchema),
    /** The whole report as CSV (file, part, row, field, outcome, problem), for download. */
    csv: z.string(),
  }),
});
/** The answer to an upload of any format. */
export type IngestUploadResponse = z.infer<typeof IngestUploadResponseSchema>;
