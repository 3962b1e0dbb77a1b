import { randomUUID } from 'node:crypto';
import type { OutsidePathway } from '@continuum/formats';
import {
  emptyLog,
  type ImportJobRepository,
  ingestPathway,
  isStoreError,
  UPLOAD_INTERRUPTED,
} from '@continuum/store';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { intParam, param } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { CASE_WRITE_ROLES } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { queueImport } from '../services/ImportWorker.ts';
import { uploadPlan } from '../services/importUpload.ts';
import { readSource, type UploadedFile } from '../services/ingestSources.ts';
import { UploadRefusedError } from '../services/UploadRefusedError.ts';
import { capped, DEFAULT_INGEST_LIMIT, ingestModeOf, logFormatOf, tooLarge } from './ingestLimit.ts';
import { MULTIPART_EXAMPLE } from './ingestRoutes.ts';
import { uploadOptions } from './ingestUpload.ts';
import { multipartBoundary } from './multipartParts.ts';
import { receiveImportFiles } from './receiveImportFiles.ts';
import { quoteSent } from '@continuum/machines';

/** Pieces the uploaded log is stored in (text, so a piece never splits a character). */
const PIECE_CHARS = 1024 * 1024;

/**
 * Large imports as jobs under /api/imports: the canonical log (CSV or NDJSON) as the body, or the
 * files `POST /api/ingest` takes as multipart/form-data (an Annex A workbook, CIN census years, an
 * SSDA903 return), stored in the database as they stream in and ingested by a worker (this
 * instance's, or a `continuum worker` sharing PostgreSQL) as `POST /api/ingest` ingests them; GET
 * follows one to its report, from any instance, and lists the recent ones.
 */
export function importJobRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const limit = deps.ingestBodyLimit ?? DEFAULT_INGEST_LIMIT;
  const { imports } = services;
  r.add(
    {
      method: 'post',
      path: '/api/imports',
      roles: CASE_WRITE_ROLES,
      summary:
        'Queue a large import: the canonical event log as the body (CSV or NDJSON), or files of any format as multipart/form-data with the fields of POST /api/ingest (file..., episodes, header, careLeavers, format, mode, extractDate, outsidePathway, pathwayId); stored as it streams in and ingested by a worker as POST /api/ingest ingests it; follow it with GET /api/imports/{id}',
      tag: 'ingest',
      query: {
        mode: 'atomic (default: any rejected row stores nothing) or partial (keep the cases whose rows are all valid)',
        pathwayId: 'pathway new cases open under (default: the newest)',
        format:
          'multipart only: csv, ndjson, annex-a, cin, ssda903 or auto (default: recognised from the files); also a form field',
        extractDate: 'multipart Annex A only: the extract date (YYYY-MM-DD)',
        outsidePathway:
          'multipart: a recorded move the pathway lacks: flag (default for annex-a, cin, ssda903) or reject (default for csv, ndjson)',
      },
      body: {
        types: ['text/csv', 'application/x-ndjson', 'multipart/form-data'],
        example: 'case_ref,stage,entered_at,event,event_id\nLA-1,front_door,2025-01-06,,\n',
        examples: {
          'application/x-ndjson': '{"case_ref":"LA-3","stage":"front_door","entered_at":"2025-01-06"}\n',
          'multipart/form-data': MULTIPART_EXAMPLE,
        },
      },
      success: {
        status: 202,
        description:
          'The import id, its format and its link; GET it for status and report (for files: the answer POST /api/ingest gives)',
      },
      errors: [
        'unsupported_media_type',
        'payload_too_large',
        'invalid_value',
        'invalid_multipart',
        'unknown_format',
        'missing_file',
        'too_many_files',
        'unreadable_file',
        'upload_interrupted',
      ],
    },
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'multipart/form-data') return queueFiles(c, deps, services, limit);
      const format = logFormatOf(type);
      if (!format)
        throw new HttpProblem(
          415,
          'unsupported_media_type',
          'Send the canonical log as text/csv or application/x-ndjson, or files of any format as multipart/form-data.',
          'content-type',
        );
      const mode = ingestModeOf(c.req.query('mode'));
      if (Number(c.req.header('content-length') ?? 0) > limit) throw tooLarge(limit);
      const body = c.req.raw.body;
      if (!body) throw new HttpProblem(422, 'invalid_value', 'The body is empty.', 'body');
      // Refused now, as POST /api/ingest refuses it, rather than by the job.
      await ingestPathway(deps.store, c.req.query('pathwayId'));
      const id = randomUUID();
      await imports.repo.create({
        id,
        format,
        mode,
        pathwayId: c.req.query('pathwayId') ?? null,
        by: c.var.caller.role,
      });
      let bytes = 0;
      await receiving(imports.repo, id, async () => {
        const decoder = new TextDecoder();
        let piece = '';
        let seq = 0;
        for await (const chunk of capped(body, limit)) {
          bytes += chunk.byteLength;
          piece += decoder.decode(chunk, { stream: true });
          if (piece.length >= PIECE_CHARS) {
            await imports.repo.appendChunk(id, seq++, piece);
            piece = '';
          }
        }
        piece += decoder.decode();
        if (piece.length > 0) await imports.repo.appendChunk(id, seq++, piece);
        if (bytes === 0) throw emptyLog(format);
        await imports.repo.received(id, bytes);
        await services.startWorkers();
        await queueImport(deps.store, id);
      });
      await deps.store.audit.record({
        ...actor(c),
        action: 'ingest.queued',
        detail: { id, format, mode, bytes },
      });
      return c.json({ id, status: 'queued', format, links: { self: `/api/imports/${id}` } }, 202);
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/imports',
      roles: CASE_WRITE_ROLES,
      summary:
        'The most recent imports, newest first: status, kind (log or files), format, files, the role that queued them and, once ended, their counts (GET /api/imports/{id} gives the report)',
      tag: 'ingest',
      query: { limit: 'how many (1-100, default 20)' },
      errors: ['invalid_value'],
    },
    async (c) => {
      const n = intParam(c.req.query('limit'), 'limit', { fallback: 20, min: 1, max: 100 });
      return c.json({ imports: await imports.repo.list(n) });
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/imports/:id',
      roles: CASE_WRITE_ROLES,
      summary:
        'An import job: status (receiving, queued, running, done, failed), attempt, and once done the report (a log: the ingest report; files: the answer POST /api/ingest gives; committed false: atomic with a rejected row, nothing stored)',
      tag: 'ingest',
      errors: ['import_not_found'],
    },
    async (c) => {
      const job = await imports.repo.get(param(c, 'id'));
      if (!job)
        throw new HttpProblem(404, 'import_not_found', `No import ${quoteSent(param(c, 'id'))}.`, 'id');
      return c.json(job);
    },
  );
}

/**
 * Queues files sent as multipart/form-data: each file is stored as it streams in, then the upload
 * is checked as `POST /api/ingest` checks it before reading (the format told from the files' first
 * bytes, the options, an SSDA903 return's tables by their columns); refused, nothing is kept.
 */
async function queueFiles(c: Context<AppEnv>, deps: AppDeps, services: AppServices, limit: number) {
  const { repo } = services.imports;
  const boundary = multipartBoundary(c.req.header('content-type') ?? '');
  if (!boundary)
    throw new HttpProblem(
      400,
      'invalid_multipart',
      'The body is not readable multipart/form-data (send the files as form fields with a boundary).',
      'body',
    );
  if (Number(c.req.header('content-length') ?? 0) > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) throw new HttpProblem(422, 'missing_file', 'The body is empty: no file was sent.', 'file');
  const id = randomUUID();
  await repo.create({
    id,
    format: null,
    mode: 'atomic',
    pathwayId: null,
    by: c.var.caller.role,
    files: true,
  });
  const queued = await receiving(repo, id, async () => {
    const received = await receiveImportFiles(repo, id, capped(body, limit), boundary);
    const options = uploadOptions(received.form, (name) => c.req.query(name));
    const { format, outsidePathway } = uploadPlan(received.form.files, options);
    await ingestPathway(deps.store, options.pathwayId);
    if (format === 'ssda903') await checkTables(received.form.files, outsidePathway);
    await repo.received(id, received.bytes, {
      format,
      mode: options.mode,
      pathwayId: options.pathwayId ?? null,
      files: received.stored,
      extractDate: options.extractDate ?? null,
      outsidePathway: options.outsidePathway ?? null,
    });
    await services.startWorkers();
    await queueImport(deps.store, id);
    return { format, mode: options.mode, files: received.stored, bytes: received.bytes };
  });
  await deps.store.audit.record({
    ...actor(c),
    action: 'ingest.queued',
    detail: {
      id,
      format: queued.format,
      mode: queued.mode,
      files: queued.files.length,
      bytes: queued.bytes,
    },
  });
  return c.json(
    {
      id,
      status: 'queued',
      format: queued.format,
      files: queued.files.map((f) => f.name),
      links: { self: `/api/imports/${id}` },
    },
    202,
  );
}

/**
 * Runs the receiving of an upload: refused as bad input (4xx, or an upload the import service
 * refused: answered as POST /api/ingest answers it), the import and everything stored of it are
 * deleted (nothing queued, nothing kept); failed otherwise (the connection dropped, the database
 * failed), it is recorded failed as interrupted (`upload_interrupted`) with its pieces dropped,
 * and the error goes on to the server's log.
 */
async function receiving<T>(repo: ImportJobRepository, id: string, receive: () => Promise<T>): Promise<T> {
  try {
    return await receive();
  } catch (error) {
    // A store refusal of the request (an unknown pathway), not of a late piece (the upload is failed already).
    const refused =
      error instanceof UploadRefusedError ||
      (error instanceof HttpProblem && error.status < 500) ||
      (isStoreError(error) && error.code !== 'upload_interrupted');
    await (refused ? repo.discard(id) : repo.abandon(id, UPLOAD_INTERRUPTED)).catch(() => undefined);
    throw error;
  }
}

/**
 * Checks an SSDA903 return of CSV tables before it is queued, with formats' reader run on the
 * complete lines of each table's first 4 kB (the header and the first rows): a return without its
 * episodes table, or a table missing its columns, is refused as POST /api/ingest refuses it (422
 * `missing_file`, `unreadable_file`). XML returns, and tables whose first lines leave a quote open,
 * are left to the worker's full read.
 */
async function checkTables(files: readonly UploadedFile[], outsidePathway: OutsidePathway): Promise<void> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const heads: string[] = [];
  for (const f of files) {
    const head = decoder.decode(f.bytes);
    const lines = head.slice(0, head.lastIndexOf('\n') + 1);
    const xml = f.ext.toLowerCase() === '.xml' || /^\uFEFF?\s*</.test(head);
    if (xml || lines === '' || (lines.match(/"/g)?.length ?? 0) % 2 === 1) return;
    heads.push(lines);
  }
  await readSource(
    'ssda903',
    files.map((f, i) => ({ ...f, bytes: encoder.encode(heads[i]!) })),
    { outsidePathway },
  );
}
