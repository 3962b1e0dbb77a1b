import {
  type AnalyticsQuery,
  buildPublication,
  CALENDAR_NAMES,
  type CalendarName,
  computeKpis,
  fromDay,
  overdueCases,
  pathwayCalendar,
  processMap,
  publicationToCsv,
} from '@continuum/analytics';
import { type PathwayDefinition, quoteSent } from '@continuum/machines';
import { CODED_ATTRIBUTES, caseIdCodecFor, type Store } from '@continuum/store';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../AppDeps.ts';
import { attributeFiltersOf, checkRecordedCodes } from '../http/attributeFilters.ts';
import { HttpProblem } from '../http/problem.ts';
import { dayParam, wholeNumberOf } from '../http/param.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { actor } from '../http/actor.ts';
import { AGGREGATE_ROLES, CASE_LEVEL_ROLES, hasCaseLevelAccess } from '../http/roles.ts';
import type { AppServices } from '../services/AppServices.ts';
import { aggregatesFor } from '../services/aggregatesFor.ts';

const QUERY_DOC: Record<string, string> = {
  from: 'first day of the period, YYYY-MM-DD (default: 364 days before `to`)',
  to: 'last day of the period, YYYY-MM-DD (default: asOf, else today)',
  asOf: 'the day "open" and "overdue" refer to (default: to)',
  ageBand: 'age band filter, e.g. 10_15 (comma-separated for several)',
  'attr.<name>': 'filter on any coded attribute, e.g. attr.primary_need=N1,N2',
  bucket: 'throughput series: week or month (default month)',
  calendar: "england-and-wales or jersey (default: the pathway's calendar, else the server setting)",
  pathway: 'pathway id (default: the newest published)',
  version: 'pathway version (with pathway)',
};
const QUERY_ERRORS = [
  'invalid_date',
  'invalid_period',
  'unknown_attribute',
  'unknown_attribute_value',
  'unknown_calendar',
  'pathway_not_found',
];

/**
 * `/api/analytics/*`: the process map, KPIs, overdue cases and the suppressed publication, computed
 * from a process-wide columnar index that is caught up with the database before each request (so
 * several API instances over one PostgreSQL agree: nothing lives only in memory).
 */
export function analyticsRoutes(r: RouteRegistry, deps: AppDeps, services: AppServices): void {
  const { store } = deps;
  const ids = caseIdCodecFor(deps.hmacKey);
  const live = services.liveIndex;
  const context = async (c: Context<AppEnv>) => {
    const q = c.req.query();
    const pathway = await pathwayOf(store, q.pathway, q.version);
    const query = queryOf(q, c.req.queries());
    if (q.calendar !== undefined && !(CALENDAR_NAMES as readonly string[]).includes(q.calendar)) {
      throw new HttpProblem(
        400,
        'unknown_calendar',
        `calendar must be one of ${CALENDAR_NAMES.join(', ')}`,
        'calendar',
      );
    }
    // The pathway's own jurisdiction decides its working days; `calendar=` overrides for comparison.
    const calendar = pathwayCalendar(
      q.calendar ? { calendar: q.calendar as CalendarName } : pathway.definition,
      deps.calendar,
    );
    const index = await live.refresh();
    checkRecordedCodes(query.filters ?? {}, index, hasCaseLevelAccess(c.get('caller').role));
    return { q, pathway, query, calendar, index };
  };
  const mapOf = (ctx: Awaited<ReturnType<typeof context>>) =>
    processMap(ctx.index, ctx.pathway.definition, ctx.query, ctx.calendar, CODED_ATTRIBUTES);
  /** Map and KPIs as the caller's role may see them (suppressed together for aggregate-only roles). */
  const aggregates = <P extends 'map' | 'kpis'>(
    c: Context<AppEnv>,
    ctx: Awaited<ReturnType<typeof context>>,
    part: P,
  ) =>
    aggregatesFor(
      hasCaseLevelAccess(c.get('caller').role),
      part,
      { map: () => mapOf(ctx), kpis: () => kpisOf(ctx) },
      ctx.pathway.definition,
    );
  const kpisOf = (ctx: Awaited<ReturnType<typeof context>>) =>
    computeKpis(
      ctx.index,
      ctx.pathway.definition,
      ctx.query,
      { population: populationOf(ctx.q.population) },
      CODED_ATTRIBUTES,
    );

  r.add(
    {
      method: 'get',
      path: '/api/analytics/map',
      roles: AGGREGATE_ROLES,
      summary:
        'Process map: per stage entries, exits, open, time in stage, throughput, timescales; per move counts and days; conformance: moves outside the pathway (flagged imported history) per move and per stage (small numbers suppressed for roles without case-level access)',
      tag: 'analytics',
      query: QUERY_DOC,
      errors: QUERY_ERRORS,
    },
    async (c) => {
      const ctx = await context(c);
      return c.json({ pathway: ctx.pathway.ref, ...aggregates(c, ctx, 'map') });
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/analytics/kpis',
      roles: AGGREGATE_ROLES,
      summary:
        "The seed's KPIs over the pathway's KPI tags, each with numerator, denominator and definition (small numbers suppressed for roles without case-level access)",
      tag: 'analytics',
      query: { ...QUERY_DOC, population: 'children aged 0-17 for rates (default: the pathway population)' },
      errors: [...QUERY_ERRORS, 'invalid_number'],
    },
    async (c) => {
      const ctx = await context(c);
      return c.json({ pathway: ctx.pathway.ref, ...aggregates(c, ctx, 'kpis') });
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/analytics/overdue',
      roles: CASE_LEVEL_ROLES, // every case listed is audited
      summary: 'Cases open past their statutory timescale at asOf, most overdue first (case data: audited)',
      tag: 'analytics',
      query: {
        ...QUERY_DOC,
        stage: 'only this stage',
        limit: 'page size 0-1000 (default 100)',
        offset: 'rows to skip',
      },
      errors: [...QUERY_ERRORS, 'invalid_number', 'unknown_stage'],
    },
    async (c) => {
      const ctx = await context(c);
      const stages = ctx.pathway.definition.stages.map((st) => st.id);
      if (ctx.q.stage !== undefined && !stages.includes(ctx.q.stage)) {
        throw new HttpProblem(
          422,
          'unknown_stage',
          `${quoteSent(ctx.q.stage)} is not a stage of the pathway.`,
          'stage',
          {
            stages,
          },
        );
      }
      const limit = intOf(ctx.q.limit, 'limit', 100, 0, 1000);
      const offset = intOf(ctx.q.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const list = overdueCases(
        ctx.index,
        ctx.pathway.definition,
        { asOf: ctx.query.asOf, filters: ctx.query.filters, stage: ctx.q.stage, limit, offset },
        ctx.calendar,
        CODED_ATTRIBUTES,
      );
      const refs = await store.cases.refsOf(list.cases.map((x) => Number(x.caseKey)));
      const cases = list.cases.map(({ caseKey, ...item }) => ({
        caseId: ids.encode(Number(caseKey)),
        ref: refs.get(Number(caseKey)) ?? null,
        ...item,
      }));
      await store.audit.recordMany(
        list.cases.map(({ caseKey, stage }) => ({
          ...actor(c),
          action: 'analytics.overdue.read',
          caseId: Number(caseKey),
          detail: { stage, asOf: list.asOf },
        })),
      );
      return c.json({ pathway: ctx.pathway.ref, ...list, limit, offset, cases });
    },
  );

  r.add(
    {
      method: 'get',
      path: '/api/analytics/export',
      roles: AGGREGATE_ROLES,
      summary:
        'Map and KPIs for public release: counts 1-4 suppressed plus secondary suppression (csv or json)',
      tag: 'analytics',
      query: {
        ...QUERY_DOC,
        format: 'csv or json (default json)',
        population: 'children aged 0-17 for rates',
      },
      errors: [...QUERY_ERRORS, 'invalid_format', 'invalid_number'],
    },
    async (c) => {
      const format = c.req.query('format') ?? 'json';
      if (format !== 'json' && format !== 'csv') {
        throw new HttpProblem(400, 'invalid_format', 'format must be csv or json', 'format');
      }
      const ctx = await context(c);
      const map = mapOf(ctx);
      const publication = buildPublication(map, kpisOf(ctx), ctx.pathway.definition);
      if (format === 'json') return c.json({ pathway: ctx.pathway.ref, ...publication });
      const name = `continuum-${publication.period.from}-${publication.period.to}.csv`;
      return c.body(publicationToCsv(publication), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
      });
    },
  );
}

async function pathwayOf(
  store: Store,
  id: string | undefined,
  version: string | undefined,
): Promise<{ definition: PathwayDefinition; ref: { id: string; version: number } }> {
  if (version !== undefined && id === undefined)
    throw new HttpProblem(
      400,
      'invalid_value',
      'version is a version of a pathway: give pathway too.',
      'version',
    );
  const found =
    version !== undefined && id !== undefined
      ? await store.pathways.get(id, intOf(version, 'version', 1, 1, 1_000_000))
      : await store.pathways.latest(id);
  if (!found) {
    throw new HttpProblem(
      404,
      'pathway_not_found',
      version !== undefined && id !== undefined
        ? `Pathway ${quoteSent(id)} has no published version ${quoteSent(version)}.`
        : `No published pathway${id ? ` ${quoteSent(id)}` : ''}.`,
      'pathway',
    );
  }
  return { definition: found.definition, ref: { id: found.pathwayId, version: found.version } };
}

/** Reads from, to, asOf (YYYY-MM-DD), bucket, ageBand and attr.<name>=a,b from the query string. */
function queryOf(q: Record<string, string>, all: Record<string, string[]>): AnalyticsQuery {
  const day = (name: string) => dayParam(q[name], name, 400, 'invalid_date', 'invalid_period');
  const asOfGiven = day('asOf');
  const toGiven = day('to');
  const today = Math.floor(Date.now() / 86_400_000);
  const to = toGiven ?? asOfGiven ?? today;
  const asOf = asOfGiven ?? to;
  const from = day('from') ?? to - 364;
  const bucket = q.bucket ?? 'month';
  if (bucket !== 'week' && bucket !== 'month') {
    throw new HttpProblem(400, 'invalid_bucket', 'bucket must be week or month', 'bucket');
  }
  if (to < from) {
    throw new HttpProblem(
      400,
      'invalid_period',
      `to (${fromDay(to)}) is before from (${fromDay(from)})`,
      'to',
    );
  }
  const filters = attributeFiltersOf(all);
  return { from, to, asOf, bucket, filters };
}

function populationOf(value: string | undefined): number | undefined {
  return value === undefined ? undefined : intOf(value, 'population', 0, 1, 1_000_000_000);
}

function intOf(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = wholeNumberOf(value);
  if (!(n >= min && n <= max)) {
    throw new HttpProblem(
      400,
      'invalid_number',
      `${name} must be a whole number from ${min} to ${max}`,
      name,
    );
  }
  return n;
}
