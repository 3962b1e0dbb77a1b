import { csvBatches, ingestEvents, ndjsonBatches } from '@continuum/store';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { HttpProblem, problemOf, sendProblem } from '../http/problem.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { CASE_WRITE_ROLES } from '../http/roles.ts';
import { readIngestForm } from './ingestForm.ts';
import { capped, DEFAULT_INGEST_LIMIT, ingestModeOf, logFormatOf, tooLarge } from './ingestLimit.ts';
import { importUpload } from '../services/importUpload.ts';
import { uploadOptions } from './ingestUpload.ts';

/**
 * The multipart example of the reference: form fields, files as `@name` (as curl sends them:
 * `curl -F format=ssda903 -F mode=partial -F episodes=@episodes.csv -F header=@header.csv`). CIN
 * census years go as several `file` fields; an Annex A workbook as one `file` with `extractDate`.
 */
export const MULTIPART_EXAMPLE = {
  format: 'ssda903',
  mode: 'partial',
  episodes: '@episodes.csv',
  header: '@header.csv',
};

/**
 * `POST /api/ingest`: the canonical event log as a CSV or NDJSON body (streamed), or any format as
 * multipart/form-data (an Annex A workbook, CIN census years, an SSDA903 return, a canonical log),
 * atomic or partial, every source row accounted for; `Accept: text/csv` answers with the
 * data-quality report as CSV.
 */
export function ingestRoutes(r: RouteRegistry, deps: AppDeps): void {
  const limit = deps.ingestBodyLimit ?? DEFAULT_INGEST_LIMIT;
  r.add(
    {
      method: 'post',
      path: '/api/ingest',
      roles: CASE_WRITE_ROLES,
      summary:
        'Bulk ingest: the canonical event log as the body (CSV/NDJSON, streamed), or files of any format as multipart/form-data (fields: file..., format, mode, extractDate, outsidePathway, pathwayId); every source row accounted for',
      tag: 'ingest',
      query: {
        mode: 'atomic (default: any rejected row stores nothing) or partial (keep the cases whose rows are all valid)',
        pathwayId: 'pathway new cases open under (default: the newest)',
        format:
          'multipart only: csv, ndjson, annex-a, cin, ssda903 or auto (default: recognised from the files); also a form field',
        extractDate: 'multipart Annex A only: the extract date (YYYY-MM-DD); open rows are censored here',
        report: 'multipart: csv answers with the data-quality report as CSV (as Accept: text/csv does)',
        outsidePathway:
          'multipart: a recorded move the pathway lacks: flag (stored, flagged outside the pathway; default for annex-a, cin, ssda903) or reject (its row refused; default for csv, ndjson)',
      },
      body: {
        types: ['text/csv', 'application/x-ndjson', 'multipart/form-data'],
        example:
          'case_ref,stage,entered_at,event,event_id,age_band\nLA-1,front_door,2025-01-06,,,5_9\nLA-1,assessment,2025-01-07,accept_referral,,\n',
        examples: {
          'application/x-ndjson':
            '{"case_ref":"LA-2","stage":"front_door","entered_at":"2025-01-06","age_band":"5_9"}\n{"case_ref":"LA-2","stage":"assessment","entered_at":"2025-01-07","event":"accept_referral"}\n',
          'multipart/form-data': MULTIPART_EXAMPLE,
        },
      },
      success: {
        status: 200,
        description:
          'CSV/NDJSON body: the ingest report. multipart: IngestUploadResponse (packages/contracts): source rows by outcome, events, the store report and the data-quality report; with Accept: text/csv or ?report=csv, the quality report as CSV (file, part, row, field, outcome, problem)',
      },
      errors: [
        'ingest_rejected',
        'unsupported_media_type',
        'payload_too_large',
        'invalid_value',
        'invalid_multipart',
        'unknown_format',
        'missing_file',
        'too_many_files',
        'unreadable_file',
        'not_a_workbook',
        'no_lists',
      ],
    },
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > limit) throw tooLarge(limit);
      const body = c.req.raw.body;
      if (type === 'multipart/form-data') {
        if (!body) throw new HttpProblem(422, 'missing_file', 'The body is empty: no file was sent.', 'file');
        return upload(c, deps, body, limit);
      }
      const mode = ingestModeOf(c.req.query('mode'));
      const format = logFormatOf(type);
      if (!format) {
        throw new HttpProblem(
          415,
          'unsupported_media_type',
          'Send text/csv or application/x-ndjson (the canonical log), or multipart/form-data with files of any format.',
          'content-type',
        );
      }
      if (!body) throw new HttpProblem(422, 'invalid_value', 'The body is empty.', 'body');
      const report = await ingestEvents(
        deps.store,
        (format === 'csv' ? csvBatches : ndjsonBatches)(capped(body, limit)),
        {
          mode,
          hmacKey: deps.hmacKey,
          pathwayId: c.req.query('pathwayId'),
        },
      );
      await deps.store.audit.record({
        ...actor(c),
        action: 'ingest',
        detail: {
          mode,
          rows: report.rows,
          accepted: report.acceptedRows,
          rejected: report.rejectedRows,
          committed: report.committed,
        },
      });
      if (!report.committed) {
        return sendProblem(
          c,
          problemOf(
            422,
            'ingest_rejected',
            `${report.rejectedRows} row(s) were rejected; atomic mode stored nothing.`,
            'body',
            { report },
          ),
        );
      }
      return c.json(report);
    },
  );
}

/** A multipart upload of any format: read, checked, imported, answered with the full report. */
async function upload(c: Context<AppEnv>, deps: AppDeps, body: ReadableStream<Uint8Array>, limit: number) {
  const form = await readIngestForm(body, c.req.header('content-type')!, limit);
  const options = uploadOptions(form, (name) => c.req.query(name));
  const { response, refused } = await importUpload(deps.store, deps.hmacKey, form.files, options);
  const ingest = response.ingest;
  await deps.store.audit.record({
    ...actor(c),
    action: 'ingest',
    detail: {
      format: response.format,
      mode: response.mode,
      files: response.files.length,
      sourceRows: response.source?.read ?? null,
      sourceRejected: response.source?.rejected ?? null,
      rows: response.events.rows,
      accepted: ingest?.acceptedRows ?? 0,
      rejected: response.events.rejected,
      committed: response.committed,
    },
  });
  if (refused) {
    const rejected = (response.source?.rejected ?? 0) + (ingest?.rejectedRows ?? 0);
    const unit = response.source?.unit ?? 'rows';
    return sendProblem(
      c,
      problemOf(
        422,
        'ingest_rejected',
        `${rejected} ${unit === 'elements' ? 'source element' : 'row'}(s) were rejected; atomic mode stored nothing (see report.quality, or send mode=partial to keep the valid cases).`,
        'body',
        { report: response },
      ),
    );
  }
  if (c.req.query('report') === 'csv' || /\btext\/csv\b/.test(c.req.header('accept') ?? '')) {
    return c.body(response.quality.csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="quality-report.csv"',
    });
  }
  return c.json(response);
}
