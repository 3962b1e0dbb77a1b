import { compile, effectiveMoves } from '@continuum/machines';
import { unlimitedDefaultPathway } from '../testing/testPathways.ts';
import { describe, expect, it } from 'vitest';
import { calibrate, type IntervalRecord } from './calibrate.ts';
import { SimulationInputError } from '../errors.ts';
import { fitReport } from './fitReport.ts';
import { intervalsFromEventLog } from './intervalsFromEventLog.ts';
import { simulateEventLog } from '../synthetic/simulateEventLog.ts';

describe('calibrate', () => {
  // 100,000 cases: 20,000 a year for 5 years from the default pathway's known parameters.
  const truth = compile(unlimitedDefaultPathway);
  const intervals: IntervalRecord[] = [
    ...intervalsFromEventLog(
      simulateEventLog({
        pathway: truth,
        startDate: '2019-01-01',
        years: 5,
        seed: 77,
        arrivalsPerYear: 20_000,
      }),
    ),
  ];
  const cal = calibrate({ pathway: unlimitedDefaultPathway, intervals, asOf: '2024-01-01' });

  it('recovers the arrival rate and seasonality within 5% on 100,000 cases', () => {
    expect(cal.arrivals.cases).toBeGreaterThan(99_000);
    expect(Math.abs(cal.arrivals.perYear / 20_000 - 1)).toBeLessThan(0.05);
    const season = unlimitedDefaultPathway.arrivals!.seasonality!;
    for (const [m, s] of cal.arrivals.seasonality.entries())
      expect(Math.abs(s / season[m]! - 1)).toBeLessThan(0.05);
  });

  it('recovers routing weights (open stays censored, not dropped)', () => {
    const moves = effectiveMoves(truth.definition);
    for (const st of cal.stages) {
      for (const m of moves.get(st.stage) ?? []) {
        const got = st.weights[m.event]!;
        // 5% relative where there is enough data for 5% to be meaningful, else 3 standard errors.
        const se = Math.sqrt((m.weight * (1 - m.weight)) / st.completed);
        expect(Math.abs(got - m.weight), `${st.stage} ${m.event}`).toBeLessThanOrEqual(
          Math.max(0.05 * m.weight, 3 * se),
        );
      }
    }
    const closed = cal.stages.find((s) => s.stage === 'closed')!;
    expect(Math.abs(closed.weights.re_referral! / 0.3 - 1)).toBeLessThan(0.05);
  });

  it('recovers median stays within 5%, including the heavily censored care leavers', () => {
    const medians: Record<string, number> = {
      early_help: 120,
      assessment: 33,
      child_in_need: 90,
      s47_enquiry: 16,
      child_protection: 270,
      looked_after: 300,
      care_leaver: 1_000,
      front_door: 1.2 * Math.LN2,
      closed: 365 * Math.LN2, // time to re-referral among those re-referred
    };
    for (const st of cal.stages) {
      const d = st.duration!;
      const median =
        d.type === 'lognormal'
          ? d.medianDays
          : d.type === 'empirical'
            ? d.quantiles.find((q) => q.p === 0.5)!.days
            : Number.NaN;
      expect(Math.abs(median / medians[st.stage]! - 1), `${st.stage} ${d.type} ${median}`).toBeLessThan(0.05);
    }
    // Care leavers stay ~3 years: the curve never reaches 98% in 5 years, so the censored MLE is used.
    expect(cal.stages.find((s) => s.stage === 'care_leaver')!.duration!.type).toBe('lognormal');
    expect(cal.stages.find((s) => s.stage === 'assessment')!.duration!.type).toBe('empirical');
  });

  it('dropping open stays would bias long stays: the naive median is far off', () => {
    const cl = intervals.filter((i) => i.stage === 'care_leaver' && i.exitedAt !== null);
    const days = cl
      .map((i) => ((i.exitedAt as number) - (i.enteredAt as number)) / 86_400_000)
      .sort((a, b) => a - b);
    expect(days[Math.floor(days.length / 2)]!).toBeLessThan(0.8 * 1_000);
  });

  it('reports observed capacity and a fit against the recorded stock', async () => {
    const ehCap = cal.stages.find((s) => s.stage === 'early_help')!.observedCapacity;
    expect(ehCap.max).toBeGreaterThanOrEqual(ehCap.p95);
    expect(ehCap.p95).toBeGreaterThan(1000);
    const fit = await fitReport(cal, { replications: 4, workers: 0 });
    expect(fit.weeks).toBe(52);
    for (const s of fit.stages)
      if (s.historicalMean > 50) expect(Math.abs(s.relativeError!), s.stage).toBeLessThan(0.05);
  });

  it('refuses stays in stages the pathway does not have', () => {
    expect(() =>
      calibrate({
        pathway: unlimitedDefaultPathway,
        intervals: [{ caseId: 1, stage: 'limbo', enteredAt: 0, exitedAt: null, nextStage: null }],
      }),
    ).toThrow(SimulationInputError);
  });
});
