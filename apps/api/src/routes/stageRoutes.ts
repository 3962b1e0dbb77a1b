import { dayOfDate, deadlineOf, fromDay, pathwayCalendar } from '@continuum/analytics';
import { caseIdCodecFor } from '@continuum/store';
import type { AppDeps } from '../AppDeps.ts';
import { attributeFiltersOf } from '../http/attributeFilters.ts';
import { HttpProblem } from '../http/problem.ts';
import { intParam, param } from '../http/param.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { CASE_LEVEL_ROLES } from '../http/roles.ts';
import { caseJson } from './caseJson.ts';
import { actor } from '../http/actor.ts';
import { quoteSent } from '@continuum/machines';

const DAY = 86_400_000;

/** `GET /api/stages/:stage/cases`: who is waiting where, for how long, and who is overdue. */
export function stageRoutes(r: RouteRegistry, deps: AppDeps): void {
  const { store, cases } = deps;
  const now = deps.now ?? Date.now;
  const ids = caseIdCodecFor(deps.hmacKey);

  r.add(
    {
      method: 'get',
      path: '/api/stages/:stage/cases',
      roles: CASE_LEVEL_ROLES,
      summary: 'Cases resting in a stage, longest waiting first, with days in stage and overdue flags',
      tag: 'cases',
      query: {
        limit: 'page size (1-1000, default 200)',
        offset: 'rows to skip (0-1000000000)',
        'attr.<name>':
          'only cases with one of these codes, e.g. attr.age_band=10_15 (as the analytics take it)',
      },
      errors: ['unknown_stage', 'unknown_attribute', 'unknown_attribute_value'],
    },
    async (c) => {
      const stage = param(c, 'stage');
      const limit = intParam(c.req.query('limit'), 'limit', { fallback: 200, min: 1, max: 1000 });
      const offset = intParam(c.req.query('offset'), 'offset', { fallback: 0, min: 0, max: 1_000_000_000 });
      const latest = await store.pathways.latest();
      if (latest && !store.pathways.compiled(latest).stageIndex.has(stage)) {
        const known = await store.cases.inStage(stage, { limit: 1 });
        if (known.length === 0) {
          throw new HttpProblem(
            422,
            'unknown_stage',
            `${quoteSent(stage)} is not a stage of the pathway.`,
            'stage',
            {
              stages: store.pathways.compiled(latest).stages,
            },
          );
        }
      }
      const filters = attributeFiltersOf(c.req.queries());
      const rows = await store.cases.inStage(stage, { limit, offset, filters });
      const t = now();
      const today = dayOfDate(new Date(t));
      const out = [];
      for (const row of rows) {
        const pathway = await cases.pathwayOf(row.pathwayVersionId);
        const timescale = pathway.definition.stages.find((s) => s.id === stage)?.timescale;
        const due = timescale
          ? deadlineOf(
              dayOfDate(new Date(row.stageEnteredAt)),
              timescale,
              pathwayCalendar(pathway.definition, deps.calendar),
            )
          : undefined;
        out.push({
          ...caseJson(row, ids),
          daysInStage: Math.floor((t - row.stageEnteredAt) / DAY),
          timescale: timescale ?? null,
          dueOn: due === undefined ? null : fromDay(due),
          overdue: due !== undefined && today > due,
        });
      }
      // One audit row per case listed (like the overdue list), so "who saw this case" has an answer.
      await store.audit.recordMany(
        rows.length > 0
          ? rows.map((row) => ({
              ...actor(c),
              action: 'stage.cases.read',
              caseId: row.id,
              detail: { stage },
            }))
          : [{ ...actor(c), action: 'stage.cases.read', detail: { stage, count: 0 } }],
      );
      return c.json({ stage, asOf: new Date(t).toISOString(), count: out.length, cases: out });
    },
  );
}
