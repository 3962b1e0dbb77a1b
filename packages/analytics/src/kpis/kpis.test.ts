import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { toDay } from '../calendar/dayNumber.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { journey } from '../testing/journey.ts';
import { computeKpis } from './kpis.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);

const intervals = [
  // R1: referrals 2023-01-10 and 2024-01-10: 365 days, the same calendar date -> re-referral.
  ...journey('R1', [
    ['front_door', '2023-01-10'],
    ['assessment', '2023-01-10', 'accept_referral'],
    ['closed', '2023-02-01', 'close_case'],
    ['front_door', '2024-01-10', 're_referral'],
    ['assessment', '2024-01-10', 'accept_referral'],
  ]),
  // R2: 2023-01-10 then 2024-01-11: 366 days, one day past 12 months -> not a re-referral.
  ...journey('R2', [
    ['front_door', '2023-01-10'],
    ['assessment', '2023-01-10', 'accept_referral'],
    ['closed', '2023-02-01', 'close_case'],
    ['front_door', '2024-01-11', 're_referral'],
    ['assessment', '2024-01-11', 'accept_referral'],
  ]),
  // R3: 2023-03-01 then 2024-03-01: 366 days across 29 Feb 2024, the same calendar date -> re-referral.
  ...journey('R3', [
    ['front_door', '2023-03-01'],
    ['assessment', '2023-03-01', 'accept_referral'],
    ['closed', '2023-04-01', 'close_case'],
    ['front_door', '2024-03-01', 're_referral'],
    ['assessment', '2024-03-01', 'accept_referral'],
  ]),
  // R4: opens straight into assessment (a stage a referral move enters): a referral, the first.
  ...journey('R4', [['assessment', '2024-06-01']]),
  // R5: front door -> early help is not a referral.
  ...journey('R5', [
    ['front_door', '2024-02-01'],
    ['early_help', '2024-02-02', 'refer_early_help'],
  ]),
  // P1: plan 2021-02-01 .. 2022-03-01; new plan 2024-03-01 = exactly 24 months after the end: repeat (both).
  ...journey('P1', [
    ['s47_enquiry', '2021-01-01'],
    ['child_protection', '2021-02-01', 'cp_plan'],
    ['child_in_need', '2022-03-01', 'end_plan_cin'],
    ['s47_enquiry', '2024-02-15', 'start_s47'],
    ['child_protection', '2024-03-01', 'cp_plan'],
  ]),
  // P2: opened on a plan 2020-01-01, ended 2021-06-01; new plan 2024-05-01: repeat ever, not within 2 years.
  // Its strategy discussion from the front door is a referral (the 5th), not a re-referral.
  ...journey('P2', [
    ['child_protection', '2020-01-01'],
    ['closed', '2021-06-01', 'end_plan_close'],
    ['front_door', '2024-04-01', 're_referral'],
    ['s47_enquiry', '2024-04-01', 'strategy_discussion'],
    ['child_protection', '2024-05-01', 'cp_plan'],
  ]),
  // P3: a first plan; opening in s47_enquiry counts as a referral (see the referral rule).
  ...journey('P3', [
    ['s47_enquiry', '2024-06-01'],
    ['child_protection', '2024-06-20', 'cp_plan'],
  ]),
  ...journey('L1', [['looked_after', '2022-01-01']]),
  ...journey('L2', [['care_leaver', '2023-01-01']]),
  ...journey('L3', [['care_leaver', '2023-01-01']]),
  ...journey('L4', [['care_leaver', '2023-01-01']]),
  ...journey('C1', [['child_in_need', '2024-11-01']]),
];
const cases = [
  { caseId: 'L2', attributes: { activity: 'eet' } },
  { caseId: 'L3', attributes: { activity: 'neet' } },
  { caseId: 'L4', attributes: { activity: null } },
];
const asOf = '2024-12-31';
const oversight = [
  { caseId: 'P1', event: 'management_oversight', at: '2024-12-01' }, // 30 days before: counts
  { caseId: 'P2', event: 'management_oversight', at: '2024-11-30' }, // 31 days before: does not
  { caseId: 'L1', event: 'management_oversight', at: '2024-12-31T09:00:00Z' }, // the as-of day: counts
  { caseId: 'C1', event: 'management_oversight', at: '2025-01-02' }, // after the as-of date
  { caseId: 'L2', event: 'management_oversight', at: '2024-10-01' },
  { caseId: 'L2', event: 'management_oversight', at: '2024-12-15' }, // counts
  { caseId: 'R1', event: 'management_oversight', at: '2024-12-20' }, // assessment: not in the denominator
];
const index = indexFromIntervals(intervals, cases, oversight);
const year = { from: toDay('2024-01-01'), to: toDay('2024-12-31'), asOf: toDay(asOf) };

describe('KPIs, hand-computed (2024, population 20,000)', () => {
  const report = computeKpis(index, pathway, year, { population: 20_000 });
  const kpi = (id: string) => report.kpis.find((k) => k.id === id)!;

  it('referrals and re-referrals at exactly 365 and 366 days', () => {
    // Referrals in 2024: R1, R2, R3, R4, P2, and P3 (opens in s47_enquiry, which the referral-tagged
    // strategy_discussion enters) = 6 -> 6 / 20,000 x 10,000 = 3.
    expect(kpi('referrals_per_10000')).toMatchObject({ numerator: 6, denominator: 20_000, value: 3 });
    // Re-referrals: R1 (365 days) and R3 (366 days over 29 Feb); not R2 (366 days) -> 2 / 6 = 33.3%.
    expect(kpi('re_referrals_12_months')).toMatchObject({ numerator: 2, denominator: 6, value: 33.3 });
  });

  it('open CIN, CP and looked-after counts and rates at the as-of date', () => {
    // CP: P1, P2, P3. CLA: L1. CIN plan: C1. DfE CIN = 1 + 3 + 1 = 5.
    expect(kpi('cp_count')).toMatchObject({ value: 3, numerator: 3 });
    expect(kpi('cla_count').value).toBe(1);
    expect(kpi('cin_plan_count').value).toBe(1);
    expect(kpi('cin_count').value).toBe(5);
    expect(kpi('cin_rate_per_10000')).toMatchObject({ numerator: 5, denominator: 20_000, value: 2.5 });
    expect(kpi('cp_rate_per_10000').value).toBe(1.5);
    expect(kpi('cla_rate_per_10000').value).toBe(0.5);
    expect(kpi('cin_plan_rate_per_10000').value).toBe(0.5);
  });

  it('repeat child protection plans: within 2 years and ever', () => {
    // Plans started in 2024: P1, P2, P3. Within 2 years: P1 (exactly 24 months). Ever: P1, P2.
    expect(kpi('repeat_cp_plan_within_2_years')).toMatchObject({ numerator: 1, denominator: 3, value: 33.3 });
    expect(kpi('repeat_cp_plan_ever')).toMatchObject({ numerator: 2, denominator: 3, value: 66.7 });
  });

  it('care leavers in EET: unknown activity stays in the denominator', () => {
    expect(kpi('care_leavers_eet')).toMatchObject({ numerator: 1, denominator: 3, value: 33.3 });
  });

  it('management oversight in the 31 days ending on the as-of date', () => {
    // Open in CIN/CP/CLA/care-leaver stages: P1, P2, P3, L1, L2, L3, L4, C1 = 8; overseen: P1, L1, L2.
    expect(kpi('management_oversight_31_days')).toMatchObject({ numerator: 3, denominator: 8, value: 37.5 });
  });

  it('every KPI carries its definition, numerator and denominator labels', () => {
    for (const k of report.kpis) {
      expect(k.definition.length).toBeGreaterThan(10);
      expect(k.numeratorLabel.length).toBeGreaterThan(5);
      expect(k.denominator === null).toBe(k.denominatorLabel === null);
    }
  });

  it('rates use the pathway population, and none under a filter without a population', () => {
    const byPathway = computeKpis(index, pathway, year);
    expect(byPathway.population).toBe(20_500);
    const filtered = computeKpis(index, pathway, { ...year, filters: { activity: ['eet'] } });
    expect(filtered.population).toBeNull();
    expect(filtered.kpis.find((k) => k.id === 'cla_rate_per_10000')?.value).toBeNull();
    expect(filtered.kpis.find((k) => k.id === 'care_leavers_eet')).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
  });

  it('gives the same figures once stays are sorted by exit day (old history skipped)', () => {
    const sorted = indexFromIntervals(intervals, cases, oversight);
    sorted.compact();
    // P1's and P2's first plans ended before the 24-month cut-off: only "ever" reads them.
    expect(sorted.firstExitAtLeast(toDay('2022-01-01'))).toBeGreaterThan(0);
    expect(computeKpis(sorted, pathway, year, { population: 20_000 })).toEqual(report);
  });

  it('follows the tags of an edited pathway, not stage names', () => {
    // Move the referral tag from accept_referral to refer_early_help: R5 becomes the only referral in 2024.
    const edited = PathwayDefinitionSchema.parse({
      ...defaultPathway,
      transitions: defaultPathway.transitions.map((t) =>
        t.event === 'refer_early_help'
          ? { ...t, kpiTags: ['referral'] }
          : { ...t, kpiTags: (t.kpiTags ?? []).filter((tag) => tag !== 'referral') },
      ),
    });
    const k = computeKpis(index, edited, year, { population: 20_000 }).kpis[0]!;
    expect([k.id, k.numerator]).toEqual(['referrals_per_10000', 1]);
  });
});

describe('KPIs over moves outside the pathway (recorded with no event)', () => {
  // Each is tagged as a move into its stage would be, in the period and as old history alike.
  const outside = [
    // Early help straight to a plan: a plan start in 2024.
    ...journey('O1', [
      ['early_help', '2024-02-01'],
      ['child_protection', '2024-03-01'],
    ]),
    // A plan entered the same way in 2019 is an earlier plan: the 2024 plan repeats one (ever, not within 2 years).
    ...journey('O2', [
      ['early_help', '2019-01-01'],
      ['child_protection', '2019-02-01'],
      ['child_in_need', '2019-06-01', 'end_plan_cin'],
      ['s47_enquiry', '2024-03-15', 'start_s47'],
      ['child_protection', '2024-04-01', 'cp_plan'],
    ]),
    // Into a stage no plan-start move enters: not a plan.
    ...journey('O3', [
      ['early_help', '2024-02-01'],
      ['child_in_need', '2024-03-01'],
    ]),
    // Into assessment, which the referral-tagged accept_referral enters: a referral.
    ...journey('O4', [
      ['front_door', '2024-05-01'],
      ['assessment', '2024-05-02'],
    ]),
  ];

  it('counts plan starts, repeats and referrals as the tagged moves into the same stages', () => {
    const figures = (index: ReturnType<typeof indexFromIntervals>) => {
      const k = computeKpis(index, pathway, year, { population: 20_000 }).kpis;
      const of = (id: string) => k.find((x) => x.id === id)!;
      return {
        referrals: of('referrals_per_10000').numerator,
        plansStarted: of('repeat_cp_plan_ever').denominator,
        repeatEver: of('repeat_cp_plan_ever').numerator,
        repeatWithin2Years: of('repeat_cp_plan_within_2_years').numerator,
      };
    };
    const expected = { referrals: 1, plansStarted: 2, repeatEver: 1, repeatWithin2Years: 0 };
    expect(figures(indexFromIntervals(outside))).toEqual(expected);
    // Sorted by exit day, O2's 2019 plan is history read only for "ever".
    const sorted = indexFromIntervals(outside);
    sorted.compact();
    expect(figures(sorted)).toEqual(expected);
  });
});
