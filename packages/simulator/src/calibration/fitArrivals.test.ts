import { compile, defaultPathway } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import { fitArrivals } from './fitArrivals.ts';
import { intervalsFromEventLog } from './intervalsFromEventLog.ts';
import { simulateEventLog } from '../synthetic/simulateEventLog.ts';

const DAY = 86_400_000;

describe('arrival trend', () => {
  it('recovers a 10% a year growth from five simulated years, and the rate at the extract date', () => {
    const growing = { ...defaultPathway, arrivals: { ...defaultPathway.arrivals!, trendPerYear: 0.1 } };
    const log = simulateEventLog({
      pathway: compile(growing),
      startDate: '2019-01-01',
      years: 5,
      seed: 5,
      arrivalsPerYear: 10_000,
    });
    const cal = calibrate({
      pathway: defaultPathway,
      intervals: intervalsFromEventLog(log),
      asOf: '2024-01-01',
    });
    const { trend } = cal.arrivals;
    expect(trend!.low).toBeLessThan(0.1);
    expect(trend!.high).toBeGreaterThan(0.1);
    expect(Math.abs(cal.arrivals.trendPerYear - 0.1)).toBeLessThan(0.02);
    expect(cal.pathway.arrivals?.trendPerYear).toBe(cal.arrivals.trendPerYear);
    // The simulation starts at the extract date, when demand has grown for five years.
    expect(Math.abs(cal.arrivals.perYear / (10_000 * 1.1 ** 5) - 1)).toBeLessThan(0.05);
  });

  it('is not fooled by re-referrals of cases closed before the extract began', () => {
    // Three years run before the log starts: its first months hold re-referrals of cases whose
    // closing is not in the log, which look like new arrivals and, uncorrected, a falling demand.
    const log = simulateEventLog({
      pathway: compile(defaultPathway),
      startDate: '2019-01-01',
      years: 5,
      warmupYears: 3,
      seed: 11,
      arrivalsPerYear: 5_000,
    });
    const cal = calibrate({
      pathway: defaultPathway,
      intervals: intervalsFromEventLog(log),
      asOf: '2024-01-01',
    });
    expect(Date.parse(cal.arrivalsFrom)).toBeGreaterThan(Date.parse(cal.from));
    expect(Math.abs(cal.arrivals.perYear / 5_000 - 1)).toBeLessThan(0.04);
    expect(Math.abs(cal.arrivals.trend!.estimate)).toBeLessThan(0.02);
  });

  it('applies no trend when steady demand gives an interval around zero', () => {
    const from = Date.UTC(2020, 0, 1);
    const asOf = Date.UTC(2023, 0, 1);
    // One arrival every 8 hours, exactly: no growth at all.
    const starts = Array.from(
      { length: Math.floor((asOf - from) / (DAY / 3)) },
      (_, i) => from + (i * DAY) / 3,
    );
    const fit = fitArrivals(starts, from, asOf);
    expect(fit.trend!.low).toBeLessThan(0);
    expect(fit.trend!.high).toBeGreaterThan(0);
    expect(fit.trendPerYear).toBe(0);
    expect(fit.perYear).toBeCloseTo(3 * 365.25, -1);
    for (const s of fit.seasonality) expect(s).toBeCloseTo(1, 2);
  });

  it('fits no trend from under two years of history', () => {
    const from = Date.UTC(2022, 0, 1);
    const asOf = Date.UTC(2023, 6, 1);
    const starts = Array.from({ length: 500 }, (_, i) => from + ((asOf - from) * i) / 500);
    expect(fitArrivals(starts, from, asOf)).toMatchObject({ trend: null, trendPerYear: 0 });
  });
});
