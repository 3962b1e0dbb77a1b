import { csvBatches, ingestEvents, ndjsonBatches } from '@continuum/store';
import type { AppDeps } from '../AppDeps.ts';
import { HttpProblem, problemOf, sendProblem } from '../http/problem.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { CASE_WRITE_ROLES } from '../http/roles.ts';
import { actor } from '../http/actor.ts';

const DEFAULT_LIMIT = 2 * 1024 ** 3;

/** Counts bytes as they stream past and stops with 413 beyond the limit (the ingest then rolls back). */
/** The one answer for an upload over the limit, whether declared up front or found while streaming. */
const tooLarge = (limit: number) =>
  new HttpProblem(
    413,
    'payload_too_large',
    `The upload is larger than ${limit} bytes; nothing was stored.`,
    'body',
  );

async function* capped(body: ReadableStream<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limit) {
      throw tooLarge(limit);
    }
    yield chunk;
  }
}

/** `POST /api/ingest`: the canonical event log as CSV or NDJSON, streamed, atomic or partial. */
export function ingestRoutes(r: RouteRegistry, deps: AppDeps): void {
  const limit = deps.ingestBodyLimit ?? DEFAULT_LIMIT;
  r.add(
    {
      method: 'post',
      path: '/api/ingest',
      roles: CASE_WRITE_ROLES,
      summary: 'Bulk ingest of the canonical event log; every move checked; row-numbered report',
      tag: 'ingest',
      query: {
        mode: 'atomic (default: any rejected row stores nothing) or partial (keep the cases whose rows are all valid)',
        pathwayId: 'pathway new cases open under (default: the newest)',
      },
      body: {
        types: ['text/csv', 'application/x-ndjson'],
        example:
          'case_ref,stage,entered_at,event,event_id,age_band\nLA-1,front_door,2025-01-06,,,5_9\nLA-1,assessment,2025-01-07,accept_referral,,\n',
      },
      errors: ['ingest_rejected', 'unsupported_media_type', 'payload_too_large', 'invalid_value'],
    },
    async (c) => {
      const mode = c.req.query('mode') ?? 'atomic';
      if (mode !== 'atomic' && mode !== 'partial') {
        throw new HttpProblem(422, 'invalid_value', 'mode must be atomic or partial.', 'mode');
      }
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const reader =
        type === 'text/csv'
          ? csvBatches
          : type === 'application/x-ndjson' || type === 'application/ndjson'
            ? ndjsonBatches
            : undefined;
      if (!reader) {
        throw new HttpProblem(
          415,
          'unsupported_media_type',
          'Send text/csv or application/x-ndjson.',
          'content-type',
        );
      }
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > limit) {
        throw tooLarge(limit);
      }
      const body = c.req.raw.body;
      if (!body) throw new HttpProblem(422, 'invalid_value', 'The body is empty.', 'body');
      const report = await ingestEvents(deps.store, reader(capped(body, limit)), {
        mode,
        hmacKey: deps.hmacKey,
        pathwayId: c.req.query('pathwayId'),
      });
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
            {
              report,
            },
          ),
        );
      }
      return c.json(report);
    },
  );
}
