import { z } from 'zod';
import { type CaseIdCodec, caseIdCodecFor } from '@continuum/store';
import type { AppDeps } from '../AppDeps.ts';
import { HttpProblem, tooManyRequests } from '../http/problem.ts';
import { RateLimiter, type RateLimit } from '../http/RateLimiter.ts';
import { param } from '../http/param.ts';
import { readJson } from '../http/readJson.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { CASE_LEVEL_ROLES, CASE_WRITE_ROLES } from '../http/roles.ts';
import { caseJson, eventJson, intervalJson } from './caseJson.ts';
import { actor } from '../http/actor.ts';

/** Case-ref look-ups per token: 30 at once, then 30 a minute (a person looks up a few refs, not thousands). */
export const DEFAULT_REF_LOOKUP_LIMIT: RateLimit = { burst: 30, perMinute: 30 };

const time = z.union([z.string(), z.number().int()]);

const OpenCaseBody = z.strictObject({
  caseRef: z.string(),
  stage: z.string().optional(),
  occurredAt: time.optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  clientEventId: z.string().optional(),
  pathwayId: z.string().optional(),
});

const MoveBody = z.strictObject({
  event: z.string().optional(),
  toStage: z.string().optional(),
  occurredAt: time.optional(),
  clientEventId: z.string().optional(),
});

/** The internal id of a public case id path parameter; 404 for anything this deployment did not issue. */
export function caseIdOf(raw: string, ids: CaseIdCodec): number {
  const id = ids.decode(raw);
  if (id === undefined) throw new HttpProblem(404, 'case_not_found', 'No case has this id.', 'caseId');
  return id;
}

/** Cases: open, read with timeline, move by event or target stage. */
export function caseRoutes(r: RouteRegistry, deps: AppDeps): void {
  const { store, cases } = deps;
  const ids = caseIdCodecFor(deps.hmacKey);
  const lookups = new RateLimiter(deps.refLookupLimit ?? DEFAULT_REF_LOOKUP_LIMIT);

  r.add(
    {
      method: 'post',
      path: '/api/cases',
      roles: CASE_WRITE_ROLES,
      summary: 'Open a case (the ref is pseudonymised; only coded attributes are accepted)',
      tag: 'cases',
      body: {
        types: ['application/json'],
        example: {
          caseRef: 'LA-123456',
          occurredAt: '2025-01-06T09:00:00Z',
          attributes: { age_band: '5_9', primary_need: 'N1' },
          clientEventId: 'open-1',
        },
      },
      success: {
        status: 201,
        description: 'the new case (200 with the original when clientEventId repeats)',
      },
      errors: ['unknown_field', 'pii_rejected', 'invalid_value', 'unknown_stage', 'case_exists'],
    },
    async (c) => {
      const body = await readJson(c, OpenCaseBody);
      const result = await cases.open(body, actor(c));
      return c.json(
        { case: caseJson(result.case, ids), event: eventJson(result.event), replayed: result.replayed },
        result.replayed ? 200 : 201,
      );
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/cases',
      roles: CASE_LEVEL_ROLES,
      summary: "Find a case by the source system's reference (pseudonymised the same way before lookup)",
      tag: 'cases',
      query: {
        caseRef:
          'the source reference, e.g. LA-123456 (never stored; only its HMAC is compared). Throttled per token (429 with Retry-After) and audited, found or not',
      },
      errors: ['case_not_found', 'invalid_value', 'too_many_requests'],
    },
    async (c) => {
      const caseRef = c.req.query('caseRef');
      if (!caseRef || caseRef.trim() === '') {
        throw new HttpProblem(422, 'invalid_value', 'Give ?caseRef=<source reference>.', 'caseRef');
      }
      const wait = lookups.take(String(c.get('caller').tokenId));
      if (wait > 0) throw tooManyRequests(wait, `Too many case-ref look-ups; retry after ${wait} s.`);
      const found = await store.cases.getByRef(cases.refOf(caseRef));
      // Found or not, the look-up is recorded: who asked, and which case it resolved to (never the ref).
      await store.audit.record({
        ...actor(c),
        action: 'case.lookup',
        caseId: found?.id ?? null,
        detail: { found: found !== undefined },
      });
      if (!found) throw new HttpProblem(404, 'case_not_found', 'No case has this reference.', 'caseRef');
      return c.json({ case: caseJson(found, ids) });
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/cases/:caseId',
      roles: CASE_LEVEL_ROLES,
      summary: 'A case with its timeline of events and stays',
      tag: 'cases',
      errors: ['case_not_found'],
    },
    async (c) => {
      const id = caseIdOf(param(c, 'caseId'), ids);
      const t = await store.cases.timeline(id);
      if (!t) throw new HttpProblem(404, 'case_not_found', 'No case has this id.', 'caseId');
      await store.audit.record({ ...actor(c), action: 'case.read', caseId: id });
      const pathway = await cases.pathwayOf(t.case.pathwayVersionId);
      return c.json({
        case: caseJson(t.case, ids),
        pathway: { id: pathway.definition.id, version: pathway.definition.version ?? null },
        allowedEvents: pathway.allowedEvents(t.case.stage),
        events: t.events.map(eventJson),
        intervals: t.intervals.map(intervalJson),
      });
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/cases/:caseId/events',
      roles: CASE_WRITE_ROLES,
      summary: 'Move a case by event name or target stage (409 with the allowed events if illegal)',
      tag: 'cases',
      body: {
        types: ['application/json'],
        example: { event: 'accept_referral', occurredAt: '2025-01-07T10:00:00Z', clientEventId: 'ev-2' },
      },
      success: {
        status: 201,
        description: 'the recorded event and the case after it (200 when clientEventId repeats)',
      },
      errors: [
        'illegal_move',
        'ambiguous_move',
        'out_of_order',
        'unknown_stage',
        'unknown_event',
        'client_event_conflict',
        'case_not_found',
      ],
    },
    async (c) => {
      const id = caseIdOf(param(c, 'caseId'), ids);
      const body = await readJson(c, MoveBody);
      if (body.event === undefined && body.toStage === undefined) {
        throw new HttpProblem(422, 'invalid_value', 'Give an event or a toStage.', 'event');
      }
      const result = await cases.move(id, body, actor(c));
      return c.json(
        { case: caseJson(result.case, ids), event: eventJson(result.event), replayed: result.replayed },
        result.replayed ? 200 : 201,
      );
    },
  );
}
