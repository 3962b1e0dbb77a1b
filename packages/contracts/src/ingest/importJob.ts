import { z } from 'zod';
import { IngestFormatSchema, IngestStoreReportSchema, IngestUploadResponseSchema } from './ingestReport.ts';

/**
 * How long an upload may stay `receiving` with no piece stored before it is taken as cut off, ms:
 * a worker then fails it (`upload_interrupted`) and deletes what was stored of it, and the Import
 * page shows it interrupted. Each stored piece (1 MiB of a file) dates the upload, so a sender gone
 * silent, a server that died taking it, or a sender slower than 1 MiB in 10 minutes is cut off.
 */
export const UPLOAD_STALLED_MS = 10 * 60_000;

/** Where an import job stands: its upload coming in, waiting for a worker, ingesting, ended. */
export const ImportStatusSchema = z.enum(['receiving', 'queued', 'running', 'done', 'failed']);
/** Where an import job stands. */
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

/** An ended import in numbers (the list's columns): the events given to the store and a return's source. */
export const ImportCountsSchema = z.strictObject({
  committed: z.boolean(),
  events: z.strictObject({
    rows: z.number(),
    imported: z.number(),
    skipped: z.number(),
    rejected: z.number(),
  }),
  source: z
    .strictObject({ unit: z.enum(['rows', 'elements']), read: z.number(), rejected: z.number() })
    .nullable(),
});
/** An ended import in numbers. */
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

/**
 * One import job as `GET /api/imports` lists it: a canonical log sent as the body (`kind: log`) or
 * files sent as multipart/form-data like `POST /api/ingest` (`kind: files`), newest first.
 */
export const ImportJobSummarySchema = z.strictObject({
  id: z.string(),
  status: ImportStatusSchema,
  kind: z.enum(['log', 'files']),
  /** Null while the files are still being received. */
  format: IngestFormatSchema.nullable(),
  mode: z.enum(['atomic', 'partial']),
  pathwayId: z.string().nullable(),
  files: z.array(z.string()),
  /** The upload's size: so far while it is received, whole once it is queued. */
  bytes: z.number(),
  attempt: z.number().nullable(),
  /** The role that queued it. */
  by: z.string().nullable(),
  counts: ImportCountsSchema.nullable(),
  error: z.strictObject({ title: z.string(), detail: z.string(), code: z.string().optional() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** One import job in the list. */
export type ImportJobSummary = z.infer<typeof ImportJobSummarySchema>;

/** `GET /api/imports`: the most recent imports, newest first. */
export const ImportJobListSchema = z.strictObject({ imports: z.array(ImportJobSummarySchema) });
/** The list of recent imports. */
export type ImportJobList = z.infer<typeof ImportJobListSchema>;

/**
 * `GET /api/imports/{id}`: the job and, once done, its report: the store's report for a log sent as
 * the body, the upload's full answer (as `POST /api/ingest` gives it) for files.
 */
export const ImportJobSchema = z.strictObject({
  ...ImportJobSummarySchema.shape,
  report: z.union([IngestUploadResponseSchema, IngestStoreReportSchema]).nullable(),
});
/** One import job with its report. */
export type ImportJob = z.infer<typeof ImportJobSchema>;
