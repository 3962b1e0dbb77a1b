import { computeKpis, dayOfDate, pathwayCalendar, processMap } from '@continuum/analytics';
import { exportLog, kpisCsv, mapCsv } from '@continuum/formats';
import { CODED_ATTRIBUTES } from '@continuum/store';
import type { AppDeps } from '../AppDeps.ts';
import { attributeFiltersOf, checkRecordedCodes } from '../http/attributeFilters.ts';
import { HttpProblem } from '../http/problem.ts';
import { dayParam } from '../http/param.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { actor } from '../http/actor.ts';
import { AGGREGATE_ROLES, CASE_LEVEL_ROLES, hasCaseLevelAccess } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { aggregatesFor } from '../services/aggregatesFor.ts';

/** Turns a chunk generator into a byte stream that pulls one chunk at a time (back-pressure). */
function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * `GET /api/export/xes` (the case log for process-mining tools) and `GET /api/export/csv`
 * (`what=log`: the canonical event log; `what=map|kpis`: the process map or KPIs for a period).
 * Logs stream as they are read; every case-log download is audited.
 */
export function exportRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const live = services.liveIndex;
  const audit = (c: Parameters<typeof actor>[0], format: string) =>
    deps.store.audit.record({ ...actor(c), action: 'export.log', detail: { format } });

  r.add(
    {
      method: 'get',
      path: '/api/export/xes',
      roles: CASE_LEVEL_ROLES,
      summary: 'The case log as XES (IEEE 1849-2016): one trace per case, start/complete per stage visit',
      tag: 'export',
      success: { status: 200, description: 'application/xml, streamed' },
    },
    async (c) => {
      await audit(c, 'xes');
      return new Response(streamOf(exportLog(deps.store.cases, 'xes')), {
        headers: {
          'Content-Type': 'application/xml; charset=utf-8',
          'Content-Disposition': 'attachment; filename="continuum.xes"',
        },
      });
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/export/csv',
      roles: AGGREGATE_ROLES,
      summary: 'CSV: the canonical event log (what=log, not for viewers), the process map or the KPIs',
      tag: 'export',
      query: {
        what: 'log (default), map or kpis',
        from: 'map/kpis: first day (YYYY-MM-DD; default 12 months before to)',
        to: 'map/kpis: last day (default today)',
        asOf: 'map/kpis: the day "open" refers to (default to)',
        ageBand: 'map/kpis: age band filter, e.g. 10_15 (comma-separated for several)',
        bucket: "map: the throughput series' buckets, week or month (default month)",
        'attr.<name>':
          'map/kpis: filter on a coded attribute, e.g. attr.age_band=10_15 (comma-separated for several)',
      },
      success: { status: 200, description: 'text/csv, streamed' },
      errors: [
        'invalid_value',
        'forbidden',
        'pathway_not_found',
        'unknown_attribute',
        'unknown_attribute_value',
      ],
    },
    async (c) => {
      const what = c.req.query('what') ?? 'log';
      const headers = (name: string) => ({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="continuum-${name}.csv"`,
      });
      if (what === 'log') {
        const caller = c.get('caller');
        if (!CASE_LEVEL_ROLES.includes(caller.role)) {
          throw new HttpProblem(
            403,
            'forbidden',
            `The case log needs one of the roles ${CASE_LEVEL_ROLES.join(', ')}.`,
            'what',
          );
        }
        await audit(c, 'csv');
        return new Response(streamOf(exportLog(deps.store.cases, 'csv')), { headers: headers('log') });
      }
      if (what !== 'map' && what !== 'kpis') {
        throw new HttpProblem(422, 'invalid_value', 'what must be log, map or kpis.', 'what');
      }
      const day = (name: string, fallback: number) =>
        dayParam(c.req.query(name), name, 422, 'invalid_value') ?? fallback;
      const to = day('to', dayOfDate(new Date((deps.now ?? Date.now)())));
      const filters = attributeFiltersOf(c.req.queries());
      const bucketText = c.req.query('bucket') ?? 'month';
      if (bucketText !== 'week' && bucketText !== 'month')
        throw new HttpProblem(422, 'invalid_value', 'bucket must be week or month.', 'bucket');
      const bucket: 'week' | 'month' = bucketText;
      const query = {
        from: day('from', to - 364),
        to,
        asOf: day('asOf', to),
        bucket,
        filters,
      };
      if (query.to < query.from) throw new HttpProblem(422, 'invalid_value', 'to is before from.', 'to');
      const version = await deps.store.pathways.latest();
      if (!version) throw new HttpProblem(404, 'pathway_not_found', 'No published pathway.', 'pathway');
      const index = await live.refresh();
      const role = c.get('caller').role;
      checkRecordedCodes(filters, index, hasCaseLevelAccess(role));
      const definition = version.definition;
      // The same figures, filters and small-number policy as /api/analytics/map and /kpis.
      const compute = {
        map: () =>
          processMap(index, definition, query, pathwayCalendar(definition, deps.calendar), CODED_ATTRIBUTES),
        kpis: () => computeKpis(index, definition, query, {}, CODED_ATTRIBUTES),
      };
      const chunks =
        what === 'kpis'
          ? kpisCsv(aggregatesFor(hasCaseLevelAccess(role), 'kpis', compute, definition))
          : mapCsv(aggregatesFor(hasCaseLevelAccess(role), 'map', compute, definition));
      return new Response(streamOf(chunks), { headers: headers(what) });
    },
  );
}
