import {
  dayOfDate,
  MAX_DUE_WITHIN_DAYS,
  pathwayCalendar,
  suppressWorklist,
  worklist,
} from '@continuum/analytics';
import { CODED_ATTRIBUTES, caseIdCodecFor } from '@continuum/store';
import type { AppDeps } from '../AppDeps.ts';
import { actor } from '../http/actor.ts';
import { attributeFiltersOf, checkRecordedCodes } from '../http/attributeFilters.ts';
import { dayParam, intParam } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { AGGREGATE_ROLES, hasCaseLevelAccess } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';

/**
 * `GET /api/worklist`: the manager's worklist, every open case due within N working days or
 * overdue across stages, with ageing buckets per stage. Roles with case-level access get the case
 * rows (each one audited); others get the per-stage counts only, small numbers suppressed.
 */
export function worklistRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const { store } = deps;
  const ids = caseIdCodecFor(deps.hmacKey);
  r.add(
    {
      method: 'get',
      path: '/api/worklist',
      roles: AGGREGATE_ROLES,
      summary:
        'Open cases due within N working days or overdue, across stages, most overdue first, with ageing buckets per stage (case rows only for roles with case-level access, audited; counts suppressed for others)',
      tag: 'analytics',
      query: {
        dueWithinDays: `working days ahead (0-${MAX_DUE_WITHIN_DAYS}, default 10)`,
        asOf: 'the day "open" and "overdue" refer to (YYYY-MM-DD, default today)',
        stage: 'only this stage',
        limit: 'most case rows returned (1-5000, default 2000; counts always cover all)',
        'attr.<name>': 'only cases with one of these codes, e.g. attr.age_band=10_15',
      },
      errors: [
        'invalid_date',
        'invalid_value',
        'unknown_stage',
        'unknown_attribute',
        'unknown_attribute_value',
        'pathway_not_found',
      ],
    },
    async (c) => {
      const q = c.req.query();
      const dueWithinDays = intParam(q.dueWithinDays, 'dueWithinDays', {
        fallback: 10,
        min: 0,
        max: MAX_DUE_WITHIN_DAYS,
      });
      const limit = intParam(q.limit, 'limit', { fallback: 2000, min: 1, max: 5000 });
      const asOf =
        dayParam(q.asOf, 'asOf', 400, 'invalid_date') ?? dayOfDate(new Date((deps.now ?? Date.now)()));
      const filters = attributeFiltersOf(c.req.queries());
      const version = await store.pathways.latest();
      if (!version) throw new HttpProblem(404, 'pathway_not_found', 'No published pathway.', 'pathway');
      const definition = version.definition;
      const stages = definition.stages.map((s) => s.id);
      // The value is not repeated: a stage name that is not the pathway's may be anything.
      if (q.stage !== undefined && !stages.includes(q.stage)) {
        throw new HttpProblem(422, 'unknown_stage', 'stage is not a stage of the pathway.', 'stage', {
          stages,
        });
      }
      const index = await services.liveIndex.refresh();
      checkRecordedCodes(filters, index, hasCaseLevelAccess(c.get('caller').role));
      const list = worklist(
        index,
        definition,
        { asOf, dueWithinDays, filters, stage: q.stage, limit },
        pathwayCalendar(definition, deps.calendar),
        CODED_ATTRIBUTES,
      );
      const pathway = { id: version.pathwayId, version: version.version };
      if (!hasCaseLevelAccess(c.get('caller').role)) {
        return c.json({ pathway, ...suppressWorklist(list), filters, items: null, truncated: false });
      }
      const keys = list.items.map((x) => Number(x.caseKey));
      const refs = await store.cases.refsOf(keys);
      const items = list.items.map(({ caseKey, ...item }) => ({
        caseId: ids.encode(Number(caseKey)),
        ref: refs.get(Number(caseKey)) ?? null,
        ...item,
      }));
      await store.audit.recordMany(
        list.items.length > 0
          ? list.items.map(({ caseKey, stage }) => ({
              ...actor(c),
              action: 'worklist.read',
              caseId: Number(caseKey),
              detail: { stage, asOf: list.asOf },
            }))
          : [{ ...actor(c), action: 'worklist.read', detail: { count: 0, asOf: list.asOf } }],
      );
      const { items: _rows, ...counts } = list;
      return c.json({
        pathway,
        ...counts,
        filters,
        items,
        truncated: items.length < list.total,
      });
    },
  );
}
