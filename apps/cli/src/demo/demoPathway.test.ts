import { compile } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { demoRows, demoWindow } from './loadDemo.ts';
import { measureLog } from './measureLog.ts';
import { demoPathway } from './demoPathway.ts';

describe('the demo service', () => {
  it('lands near the seed baselines (Jersey KPI table)', () => {
    const { startDate, endDate } = demoWindow(new Date('2025-06-15T00:00:00Z'));
    expect([startDate, endDate]).toEqual(['2020-06-15', '2025-06-15']);
    const definition = compile(demoPathway).definition;
    const report = measureLog(demoRows(startDate), definition, endDate);
    const kpi = (id: string) => report.kpis.find((k) => k.id === id)!.value!;
    // Baselines: referrals 800.5 per 10,000; re-referrals 24.2%; CIN 246; CP 77; CLA 86; EET 58%; oversight 73%.
    expect(kpi('referrals_per_10000')).toBeGreaterThan(720);
    expect(kpi('referrals_per_10000')).toBeLessThan(880);
    expect(kpi('re_referrals_12_months')).toBeGreaterThan(20);
    expect(kpi('re_referrals_12_months')).toBeLessThan(29);
    expect(kpi('cin_plan_count')).toBeGreaterThan(210);
    expect(kpi('cin_plan_count')).toBeLessThan(285);
    expect(kpi('cp_count')).toBeGreaterThan(62);
    expect(kpi('cp_count')).toBeLessThan(92);
    expect(kpi('cla_count')).toBeGreaterThan(70);
    expect(kpi('cla_count')).toBeLessThan(102);
    expect(kpi('care_leavers_eet')).toBeGreaterThan(40);
    expect(kpi('care_leavers_eet')).toBeLessThan(76);
    expect(kpi('management_oversight_31_days')).toBeGreaterThan(65);
    expect(kpi('management_oversight_31_days')).toBeLessThan(82);
  });

  it('changes only simulation inputs of the default pathway', async () => {
    const { defaultPathway } = await import('@continuum/machines');
    const strip = (d: typeof defaultPathway) => ({
      stages: d.stages.map((s) => [s.id, s.group, s.terminal, s.timescale]),
      moves: d.transitions.map((t) => [t.from, t.to, t.event, t.kind]),
    });
    expect(strip(demoPathway)).toEqual(strip(defaultPathway));
  });
});
