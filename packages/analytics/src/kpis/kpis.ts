import type { PathwayDefinition } from '@continuum/machines';
import { addMonths, fromDay } from '../calendar/dayNumber.ts';
import type { IntervalIndex } from '../columnar/IntervalIndex.ts';
import { pathwayView } from '../pathwayView.ts';
import { type AnalyticsQuery, caseMask, checkQuery } from '../query.ts';
import { round1 } from '../map/processMap.ts';

/** One KPI with the counts behind it, so every published figure can be checked. */
export interface Kpi {
  id: string;
  name: string;
  unit: 'count' | 'percent' | 'per_10000';
  /** Rounded to one decimal; null when the denominator is zero or unknown. */
  value: number | null;
  numerator: number;
  /** Null for plain counts. */
  denominator: number | null;
  numeratorLabel: string;
  denominatorLabel: string | null;
  definition: string;
  /**
   * What the figure covers: events dated in the period (a flow: a rate of it is annualised by the
   * reader, x 365 / days in the period) or cases open at the as-of date (a stock).
   */
  measured: 'period' | 'asOf';
}

/** Options for KPIs: the child population (for rates) and the event names and tags they read. */
export interface KpiOptions {
  /** Children aged 0-17; defaults to the pathway's `population`. Required for rates under a filter. */
  population?: number;
  /** The record-only event that counts as management oversight. */
  oversightEvent?: string;
  /** Stage tags whose open cases the oversight KPI covers. */
  oversightStageTags?: readonly string[];
  /** Activity codes that count as education, employment or training. */
  eetCodes?: readonly string[];
}

/** The KPI set and the query it answers. */
export interface KpiReport {
  period: { from: string; to: string; asOf: string };
  filters: Record<string, readonly string[]>;
  population: number | null;
  kpis: Kpi[];
}

const NEVER = -0x7fffffff;

/**
 * Computes the seed's KPIs over the pathway's KPI tags in one pass over the index (cases' stays in
 * time order, so "the previous referral / plan" is the last one seen for that case).
 */
export function computeKpis(
  index: IntervalIndex,
  definition: PathwayDefinition,
  query: AnalyticsQuery,
  options: KpiOptions = {},
  knownAttributes: readonly string[] = [],
): KpiReport {
  const { from, to, asOf } = checkQuery(query);
  const view = pathwayView(definition, index);
  const mask = caseMask(index, query.filters, knownAttributes);
  const filtered = mask !== null;
  const population = options.population ?? (filtered ? undefined : definition.population) ?? null;

  const referral = view.entryTagged('referral');
  const cpStart = view.entryTagged('cp_plan_start');
  const cpEnd = view.exitTagged('cp_plan_end');
  const cinStage = view.stagesTagged('cin_plan');
  const cpStage = view.stagesTagged('cp_plan');
  const claStage = view.stagesTagged('looked_after');
  const leaverStage = view.stagesTagged('care_leaver');
  const oversightTags = options.oversightStageTags ?? ['cin_plan', 'cp_plan', 'looked_after', 'care_leaver'];
  const oversightStage = new Uint8Array(index.stages.size);
  for (const tag of oversightTags) {
    const flags = view.stagesTagged(tag);
    for (let s = 0; s < flags.length; s++) oversightStage[s]! |= flags[s]!;
  }

  // "Within N months" by calendar-month arithmetic, tabulated over the index's days.
  const base = index.minDay;
  const span = Math.max(0, index.maxDay - base) + 1;
  const plus12 = monthsLater(base, span, 12);
  const plus24 = monthsLater(base, span, 24);

  const C = index.caseCount;
  const lastReferral = new Int32Array(C).fill(NEVER);
  const lastPlanEnd = new Int32Array(C).fill(NEVER);
  const hadPlan = new Uint8Array(C);
  let referrals = 0;
  let reReferrals = 0;
  let plansStarted = 0;
  let repeat2y = 0;
  let repeatEver = 0;
  let cin = 0;
  let cinAll = 0;
  let cp = 0;
  let cla = 0;
  let leavers = 0;
  let leaversEet = 0;

  const activity = index.attributes.get('activity');
  const eet = new Uint8Array(activity?.dict.size ?? 0);
  for (const code of options.eetCodes ?? ['eet']) {
    const k = activity?.dict.codeOf(code) ?? -1;
    if (k > 0) eet[k] = 1;
  }

  // Stays ended before the period matter only as history: any earlier plan start (for "ever"),
  // a referral in the 12 months and a plan end in the 24 months before the period.
  const S = index.stages.size;
  const alwaysHistory = cpStart.openings;
  const refHistory = referral.openings;
  const endHistory = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    for (let ev = 0; ev < cpEnd.eventSlots; ev++) endHistory[s]! |= cpEnd.moves[s * cpEnd.eventSlots + ev]!;
  }
  const refCut = addMonths(from, -12) - 1;
  const endCut = addMonths(from, -24) - 1;

  const { caseIdx, stage, entered, exited, exitEvent } = index;
  const endSlots = cpEnd.eventSlots;
  const openOversight = new Int32Array(index.caseCount);
  let overseenCandidates = 0;
  const anyHistory = new Uint8Array(S);
  for (let s = 0; s < S; s++) anyHistory[s] = alwaysHistory[s]! | refHistory[s]! | endHistory[s]!;
  // Before `sortedEnd` every stay ended before the period and the as-of date: history only.
  const sortedEnd = index.firstExitAtLeast(Math.min(from, asOf + 1));
  // Before `oldEnd` stays ended before both cut-offs: only an earlier plan start ("ever") matters.
  const oldEnd = index.firstExitAtLeast(Math.min(refCut, endCut));
  for (let i = 0; i < oldEnd; i++) {
    const s = stage[i]!;
    if (alwaysHistory[s] === 0) continue;
    const c = caseIdx[i]!;
    if (mask !== null && mask[c] === 0) continue;
    if (cpStart.at(i) && entered[i]! <= to) hadPlan[c] = 1;
  }
  for (let i = oldEnd; i < index.length; i++) {
    if (i < sortedEnd && anyHistory[stage[i]!] === 0) continue;
    const e = entered[i]!;
    if (e > to && e > asOf) continue;
    const x = exited[i]!;
    const s = stage[i]!;
    // Ended before the period and the as-of date: only history can matter.
    const historyOnly = x < from && x <= asOf;
    if (
      historyOnly &&
      alwaysHistory[s] === 0 &&
      !(refHistory[s] === 1 && e >= refCut) &&
      !(endHistory[s] === 1 && x >= endCut)
    ) {
      continue;
    }
    const c = caseIdx[i]!;
    if (mask !== null && mask[c] === 0) continue;
    if (e <= to) {
      if (referral.at(i)) {
        if (e >= from) {
          referrals++;
          const last = lastReferral[c]!;
          if (last !== NEVER && e <= plus12[last - base]!) reReferrals++;
        }
        lastReferral[c] = e;
      }
      if (cpStart.at(i)) {
        if (e >= from) {
          plansStarted++;
          if (hadPlan[c] === 1) repeatEver++;
          const lastEnd = lastPlanEnd[c]!;
          if (lastEnd !== NEVER && e <= plus24[lastEnd - base]!) repeat2y++;
        }
        hadPlan[c] = 1;
      }
      if (x <= to && cpEnd.moves[s * endSlots + exitEvent[i]! + 1] === 1) lastPlanEnd[c] = x;
    }
    if (historyOnly) continue;
    if (e <= asOf && x > asOf) {
      const inCin = cinStage[s] === 1;
      if (inCin) cin++;
      if (inCin || cpStage[s] === 1 || claStage[s] === 1) cinAll++;
      if (cpStage[s] === 1) cp++;
      if (claStage[s] === 1) cla++;
      if (leaverStage[s] === 1) {
        leavers++;
        if (activity && eet[activity.column[c]!] === 1) leaversEet++;
      }
      if (oversightStage[s] === 1) openOversight[overseenCandidates++] = c;
    }
  }

  // Latest oversight on or before the as-of date, per case.
  const oversightCode = index.events.codeOf(options.oversightEvent ?? 'management_oversight');
  const lastOversight = new Int32Array(C).fill(NEVER);
  for (let r = 0; r < index.recordLength; r++) {
    if (index.recordEvent[r] !== oversightCode) continue;
    const c = index.recordCase[r]!;
    const d = index.recordDay[r]!;
    if (d <= asOf && d > lastOversight[c]!) lastOversight[c] = d;
  }
  let overseen = 0;
  for (let k = 0; k < overseenCandidates; k++) if (asOf - lastOversight[openOversight[k]!]! <= 30) overseen++;

  const pct = (n: number, d: number) => (d > 0 ? round1((n / d) * 100) : null);
  const rate = (n: number) => (population ? round1((n / population) * 10_000) : null);
  const popLabel = 'children aged 0-17 (configured population)';
  const rateKpi = (
    id: string,
    name: string,
    count: number,
    what: string,
    definition: string,
    measured: Kpi['measured'] = 'asOf',
  ): Kpi => ({
    id,
    measured,
    name,
    unit: 'per_10000',
    value: rate(count),
    numerator: count,
    denominator: population,
    numeratorLabel: what,
    denominatorLabel: popLabel,
    definition,
  });
  const openRule = 'open at the end of the as-of date';

  return {
    period: { from: fromDay(from), to: fromDay(to), asOf: fromDay(asOf) },
    filters: query.filters ?? {},
    population,
    kpis: [
      rateKpi(
        'referrals_per_10000',
        'Referrals per 10,000 children',
        referrals,
        'referrals in the period',
        'Moves tagged `referral` (or a case opening in a stage such a move enters) dated in the period, divided by the child population, x 10,000. The value is for the period as given; the web app shows it annualised (x 365 / days in the period).',
        'period',
      ),
      {
        id: 're_referrals_12_months',
        measured: 'period',
        name: 'Re-referrals within 12 months',
        unit: 'percent',
        value: pct(reReferrals, referrals),
        numerator: reReferrals,
        denominator: referrals,
        numeratorLabel: 'referrals within 12 months of the previous referral of the same case',
        denominatorLabel: 'referrals in the period',
        definition:
          'A referral is a re-referral when the same case had an earlier referral (at any date, even before the period) and this referral falls on or before the same calendar date 12 months later (29 Feb -> 28 Feb). So 365 days apart counts in a normal year, 366 days apart counts only across a 29 February, 366 days otherwise does not.',
      },
      {
        id: 'cin_count',
        measured: 'asOf',
        name: 'Children in need (incl. CP and looked after)',
        unit: 'count',
        value: cinAll,
        numerator: cinAll,
        denominator: null,
        numeratorLabel: `cases ${openRule} in stages tagged cin_plan, cp_plan or looked_after`,
        denominatorLabel: null,
        definition: 'DfE count: child in need plans plus child protection plans plus looked after.',
      },
      rateKpi(
        'cin_rate_per_10000',
        'Children in need per 10,000 (incl. CP and CLA)',
        cinAll,
        `cases ${openRule} in stages tagged cin_plan, cp_plan or looked_after`,
        'The DfE child in need count per 10,000 children.',
      ),
      {
        id: 'cin_plan_count',
        measured: 'asOf',
        name: 'Children on a child in need plan only',
        unit: 'count',
        value: cin,
        numerator: cin,
        denominator: null,
        numeratorLabel: `cases ${openRule} in stages tagged cin_plan`,
        denominatorLabel: null,
        definition: 'Child in need plans alone, excluding child protection and looked after.',
      },
      rateKpi(
        'cin_plan_rate_per_10000',
        'Child in need plans per 10,000 (CIN only)',
        cin,
        `cases ${openRule} in stages tagged cin_plan`,
        'Child in need plans alone per 10,000 children.',
      ),
      {
        id: 'cp_count',
        measured: 'asOf',
        name: 'Children on a child protection plan',
        unit: 'count',
        value: cp,
        numerator: cp,
        denominator: null,
        numeratorLabel: `cases ${openRule} in stages tagged cp_plan`,
        denominatorLabel: null,
        definition: 'Children on a child protection plan at the as-of date.',
      },
      rateKpi(
        'cp_rate_per_10000',
        'Child protection plans per 10,000',
        cp,
        `cases ${openRule} in stages tagged cp_plan`,
        'Children on a child protection plan per 10,000 children.',
      ),
      {
        id: 'cla_count',
        measured: 'asOf',
        name: 'Children looked after',
        unit: 'count',
        value: cla,
        numerator: cla,
        denominator: null,
        numeratorLabel: `cases ${openRule} in stages tagged looked_after`,
        denominatorLabel: null,
        definition: 'Children looked after at the as-of date.',
      },
      rateKpi(
        'cla_rate_per_10000',
        'Children looked after per 10,000',
        cla,
        `cases ${openRule} in stages tagged looked_after`,
        'Children looked after per 10,000 children.',
      ),
      {
        id: 'repeat_cp_plan_within_2_years',
        measured: 'period',
        name: 'Repeat child protection plan within 2 years (local measure)',
        unit: 'percent',
        value: pct(repeat2y, plansStarted),
        numerator: repeat2y,
        denominator: plansStarted,
        numeratorLabel: 'plans started where a previous plan of the same case ended within 2 years before',
        denominatorLabel: 'child protection plans started in the period',
        definition:
          'Plans start on a move tagged cp_plan_start (or a case opening in a stage such a move enters) and end on a move tagged cp_plan_end. Repeat when the previous plan ended on or before the new start and the start is no later than the same calendar date 24 months after that end.',
      },
      {
        id: 'repeat_cp_plan_ever',
        measured: 'period',
        name: 'Repeat child protection plan, any previous plan (DfE measure)',
        unit: 'percent',
        value: pct(repeatEver, plansStarted),
        numerator: repeatEver,
        denominator: plansStarted,
        numeratorLabel: 'plans started where the same case had any earlier plan',
        denominatorLabel: 'child protection plans started in the period',
        definition: 'Second or subsequent plan, regardless of how long ago the previous one was (DfE).',
      },
      {
        id: 'care_leavers_eet',
        measured: 'asOf',
        name: 'Care leavers in education, employment or training',
        unit: 'percent',
        value: pct(leaversEet, leavers),
        numerator: leaversEet,
        denominator: leavers,
        numeratorLabel: `care leavers with activity ${(options.eetCodes ?? ['eet']).join('/')}`,
        denominatorLabel: `cases ${openRule} in stages tagged care_leaver (any activity, incl. unknown)`,
        definition:
          'From the coded `activity` attribute (eet / neet / unknown): unknown counts in the denominator, not the numerator.',
      },
      {
        id: 'management_oversight_31_days',
        measured: 'asOf',
        name: 'Management oversight in the last 31 days',
        unit: 'percent',
        value: pct(overseen, overseenCandidates),
        numerator: overseen,
        denominator: overseenCandidates,
        numeratorLabel: `open cases with a ${options.oversightEvent ?? 'management_oversight'} event in the 31 days ending on the as-of date`,
        denominatorLabel: `cases ${openRule} in stages tagged ${oversightTags.join(', ')}`,
        definition:
          'An oversight counts when recorded on a day from as-of minus 30 days to the as-of date inclusive (31 days).',
      },
    ],
  };
}

const monthsCache = new Map<string, Int32Array>();
/** addMonths(base + d, months) for d in [0, span): tabulated once per range, shared by requests. */
function monthsLater(base: number, span: number, months: number): Int32Array {
  const key = `${base}:${span}:${months}`;
  let table = monthsCache.get(key);
  if (!table) {
    table = new Int32Array(span);
    for (let d = 0; d < span; d++) table[d] = addMonths(base + d, months);
    if (monthsCache.size > 16) monthsCache.clear();
    monthsCache.set(key, table);
  }
  return table;
}
