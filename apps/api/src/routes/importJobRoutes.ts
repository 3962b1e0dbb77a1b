import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { param } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { CASE_WRITE_ROLES } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { queueImport } from '../services/ImportWorker.ts';
import { capped, DEFAULT_INGEST_LIMIT, ingestModeOf, logFormatOf, tooLarge } from './ingestLimit.ts';

/** Pieces the uploaded log is stored in (text, so a piece never splits a character). */
const PIECE_CHARS = 1024 * 1024;

/**
 * Large imports as jobs under /api/imports: the canonical log (CSV or NDJSON) is stored in the
 * database as it streams in and ingested by a worker (this instance's, or a `continuum worker`
 * sharing PostgreSQL); GET follows it to its report, from any instance.
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
        'Queue a large import: the canonical event log as the body (CSV or NDJSON, streamed and stored), ingested by a worker like POST /api/ingest; follow it with GET /api/imports/{id}',
      tag: 'ingest',
      query: {
        mode: 'atomic (default: any rejected row stores nothing) or partial (keep the cases whose rows are all valid)',
        pathwayId: 'pathway new cases open under (default: the newest)',
      },
      body: {
        types: ['text/csv', 'application/x-ndjson'],
        example: 'case_ref,stage,entered_at,event,event_id\nLA-1,front_door,2025-01-06,,\n',
        examples: {
          'application/x-ndjson': '{"case_ref":"LA-3","stage":"front_door","entered_at":"2025-01-06"}\n',
        },
      },
      success: { status: 202, description: 'The import id and its link; GET it for status and report' },
      errors: ['unsupported_media_type', 'payload_too_large', 'invalid_value'],
    },
    async (c) => {
      const format = logFormatOf(c.req.header('content-type'));
      if (!format)
        throw new HttpProblem(
          415,
          'unsupported_media_type',
          'Send the canonical log as text/csv or application/x-ndjson (other formats: POST /api/ingest).',
          'content-type',
        );
      const mode = ingestModeOf(c.req.query('mode'));
      if (Number(c.req.header('content-length') ?? 0) > limit) throw tooLarge(limit);
      const body = c.req.raw.body;
      if (!body) throw new HttpProblem(422, 'invalid_value', 'The body is empty.', 'body');
      const id = randomUUID();
      await imports.repo.create({
        id,
        format,
        mode,
        pathwayId: c.req.query('pathwayId') ?? null,
        by: c.var.caller.role,
      });
      let bytes = 0;
      try {
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
        await imports.repo.received(id, bytes);
        await services.startWorkers();
        await queueImport(deps.store, id);
      } catch (error) {
        await imports.repo
          .abandon(id, {
            title: 'The upload was not received.',
            detail: error instanceof Error ? error.message : String(error),
          })
          .catch(() => undefined);
        throw error;
      }
      await deps.store.audit.record({
        ...actor(c),
        action: 'ingest.queued',
        detail: { id, format, mode, bytes },
      });
      return c.json({ id, status: 'queued', links: { self: `/api/imports/${id}` } }, 202);
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/imports/:id',
      roles: CASE_WRITE_ROLES,
      summary:
        'An import job: status (receiving, queued, running, done, failed), attempt, and once done the ingest report (committed false: atomic with a rejected row, nothing stored)',
      tag: 'ingest',
      errors: ['import_not_found'],
    },
    async (c) => {
      const job = await imports.repo.get(param(c, 'id'));
      if (!job) throw new HttpProblem(404, 'import_not_found', `No import "${param(c, 'id')}".`, 'id');
      return c.json(job);
    },
  );
}
