import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import { AnalyticsReadRepository, ingestEvents, loadOrCreateHmacKey, type RawRow } from '@continuum/store';
import { beforeAll, expect, it } from 'vitest';
import { toDay } from '../../packages/analytics/src/calendar/dayNumber.ts';
import { computeKpis } from '../../packages/analytics/src/kpis/kpis.ts';
import { LiveIndex } from '../../packages/analytics/src/live/LiveIndex.ts';
import { processMap } from '../../packages/analytics/src/map/processMap.ts';
import { calendarFor } from '../../packages/analytics/src/calendar/calendars.ts';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import { type CanonicalEvent, importCinCensus } from '../../packages/formats/src/index.ts';
import { describeEachEngine } from '../support/engines.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const PERIOD = { from: '2019-04-01', to: '2020-03-31' };

/** The events as `continuum import` hands them to ingest. */
function* rowsOf(events: readonly CanonicalEvent[]): Generator<RawRow> {
  let line = 0;
  for (const e of events) {
    yield {
      line: ++line,
      values: {
        case_ref: e.case_ref,
        stage: e.stage,
        entered_at: e.entered_at,
        event: e.event,
        ...e.attributes,
      },
    };
  }
}

/** The same calendar date `months` later (29 Feb -> 28 Feb), as the KPI definitions say. */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

interface Oracle {
  referrals: number;
  reReferrals: number;
  plansStarted: number;
  repeatEver: number;
  repeat2y: number;
}

/**
 * The KPIs counted straight from the XML text (regular expressions; no importer, store or analytics
 * code), by the KPI definitions: a referral is the front door's decision to assess or enquire (the
 * episode's first recorded stay is an assessment or a section 47 enquiry, dated at its start; an NFA
 * referral and a CIN plan with no assessment are not referrals by that rule); a CP plan started is
 * every CPPstartDate; a repeat plan follows an earlier plan start (ever) or the previous plan's end
 * within 24 months (CPPendDate). Episodes repeated by later census years are merged by referral date.
 */
function kpisFromXml(xmls: readonly string[]): Oracle {
  const children = new Map<string, Map<string, Map<string, Set<string>>>>();
  const value = (xml: string, tag: string) =>
    [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
  for (const xml of xmls) {
    for (const [, child] of xml.matchAll(/<Child>([\s\S]*?)<\/Child>/g)) {
      const id = value(child!, 'LAchildID')[0]!;
      const episodes = children.get(id) ?? new Map<string, Map<string, Set<string>>>();
      children.set(id, episodes);
      for (const [, details] of child!.matchAll(/<CINdetails>([\s\S]*?)<\/CINdetails>/g)) {
        const referral = value(details!, 'CINreferralDate')[0]!;
        const ep = episodes.get(referral) ?? new Map<string, Set<string>>();
        episodes.set(referral, ep);
        for (const tag of [
          'ReferralNFA',
          'AssessmentActualStartDate',
          'S47ActualStartDate',
          'CINPlanStartDate',
          'CPPstartDate',
          'CPPendDate',
        ]) {
          for (const v of value(details!, tag)) ep.set(tag, (ep.get(tag) ?? new Set()).add(v));
        }
      }
    }
  }
  const inPeriod = (d: string) => d >= PERIOD.from && d <= PERIOD.to;
  const out: Oracle = { referrals: 0, reReferrals: 0, plansStarted: 0, repeatEver: 0, repeat2y: 0 };
  for (const episodes of children.values()) {
    const referrals: string[] = [];
    const plans: { start: string; end?: string }[] = [];
    for (const ep of episodes.values()) {
      const all = (tag: string) => [...(ep.get(tag) ?? [])];
      const starts = [
        ...all('AssessmentActualStartDate').map((d) => [d, 'assess'] as const),
        ...all('S47ActualStartDate').map((d) => [d, 'assess'] as const),
        ...all('CINPlanStartDate').map((d) => [d, 'plan'] as const),
        ...all('CPPstartDate').map((d) => [d, 'plan'] as const),
      ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      if (!ep.get('ReferralNFA')?.has('true') && starts[0]?.[1] === 'assess') referrals.push(starts[0][0]);
      const cpStarts = all('CPPstartDate').sort();
      const cpEnds = all('CPPendDate').sort();
      cpStarts.forEach((start) => {
        const end = cpEnds.find((e) => e >= start);
        plans.push(end === undefined ? { start } : { start, end });
      });
    }
    referrals.sort();
    referrals.forEach((d, i) => {
      if (!inPeriod(d)) return;
      out.referrals++;
      if (i > 0 && d <= addMonths(referrals[i - 1]!, 12)) out.reReferrals++;
    });
    plans.sort((a, b) => (a.start < b.start ? -1 : 1));
    plans.forEach((p, i) => {
      if (!inPeriod(p.start)) return;
      out.plansStarted++;
      if (i > 0) out.repeatEver++;
      const lastEnd = plans
        .slice(0, i)
        .map((x) => x.end)
        .filter((e): e is string => e !== undefined && e <= p.start)
        .sort()
        .at(-1);
      if (lastEnd !== undefined && p.start <= addMonths(lastEnd, 24)) out.repeat2y++;
    });
  }
  return out;
}

describeEachEngine('KPIs after a CIN census import (store and analytics)', ({ store, dataDir, engine }) => {
  // Histories with moves the pathway lacks (CIN plans with no assessment, CP plans with no enquiry).
  const children = generateCinChildren(engine === 'sqlite' ? 41 : 42, 250, { outside: true });
  const files = writeCinCensusFiles(children);

  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    const result = importCinCensus(files, { pseudonymise: (id) => id, outsidePathway: 'flag' });
    expect(result.report.counts.rejected).toBe(0);
    expect(result.report.counts.outside_pathway).toBeGreaterThan(0);
    const report = await ingestEvents(store(), rowsOf(result.events), {
      mode: 'atomic',
      hmacKey: loadOrCreateHmacKey(dataDir()),
      outsidePathway: 'flag',
    });
    expect(report).toMatchObject({ committed: true, rejectedRows: 0 });
    expect(report.outsidePathwayRows).toBe(result.report.counts.outside_pathway);
  });

  it('referrals, re-referrals within 12 months, CP plans started and repeat plans equal the XML count', async () => {
    const s = store();
    const index = await new LiveIndex(s, { lean: new AnalyticsReadRepository(s) }).refresh();
    const query = { from: toDay(PERIOD.from), to: toDay(PERIOD.to), asOf: toDay(PERIOD.to) };
    const kpis = computeKpis(index, pathway, query, { population: 20_000 });
    const kpi = (id: string) => kpis.kpis.find((k) => k.id === id)!;
    const oracle = kpisFromXml(files.map((f) => f.xml));
    expect(oracle.plansStarted).toBeGreaterThan(10);
    expect(oracle.reReferrals).toBeGreaterThan(0);
    expect({
      referrals: kpi('referrals_per_10000').numerator,
      reReferrals: kpi('re_referrals_12_months').numerator,
      plansStarted: kpi('repeat_cp_plan_ever').denominator,
      repeatEver: kpi('repeat_cp_plan_ever').numerator,
      repeat2y: kpi('repeat_cp_plan_within_2_years').numerator,
    }).toEqual(oracle);
    // The flagged moves are in the map's conformance, by the moves the generator made outside.
    const map = processMap(index, pathway, query, calendarFor('england-and-wales'));
    const outside = new Set(map.conformance.moves.map((m) => `${m.from}>${m.to}`));
    for (const m of outside)
      expect([
        'front_door>child_in_need',
        'assessment>child_protection',
        'child_in_need>child_protection',
      ]).toContain(m);
  });
});
