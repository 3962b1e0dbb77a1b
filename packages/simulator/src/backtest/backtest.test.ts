import { describe, expect, it } from 'vitest';
import { intervalsFromEventLog } from '../calibration/intervalsFromEventLog.ts';
import { simulateEventLog } from '../synthetic/simulateEventLog.ts';
import { backtestPathway } from '../testing/testPathways.ts';
import { backtest } from './backtest.ts';
import { censorIntervals } from './censorIntervals.ts';
import { observedSeries } from './observedSeries.ts';

describe('backtest', () => {
  // Measured: stock MAPE 1.5-2.0% per stage, entries 2-5%, 92% of the monthly points in the band.
  it('on a log the simulator made with known parameters: stock error under 5% per stage, 80% of points in the band', async () => {
    // four years of a service (~48,000 referrals); T one year before the end
    const intervals = [
      ...intervalsFromEventLog(
        simulateEventLog({ pathway: backtestPathway(), startDate: '2020-01-01', years: 4, seed: 21 }),
      ),
    ];
    const b = await backtest({
      pathway: backtestPathway(),
      intervals,
      at: '2023-01-01',
      months: 12,
      replications: 40,
      seed: 3,
      workers: 0,
    });
    expect(b.times).toHaveLength(12);
    expect(b.summary.assessedStages).toEqual(['referral', 'support', 'intensive']);
    for (const s of b.stages.filter((x) => !x.terminal)) {
      expect(s.openAtT, s.stage).toBeGreaterThan(500);
      expect(s.stockMape!, s.stage).toBeLessThan(0.05);
    }
    // entries too, every stage (closures included): no systematic error
    for (const s of b.stages) expect(s.entriesMape!, s.stage).toBeLessThan(0.1);
    expect(b.summary.maxStockMape!).toBeLessThan(0.05);
    expect(b.summary.coverage!).toBeGreaterThanOrEqual(0.8);
    // the simulation started from the caseload open at T: its first month is close to the record
    for (const s of b.stages.filter((x) => !x.terminal))
      expect(Math.abs(s.stock!.simulated.mean[0]! / s.stock!.actual[0]! - 1), s.stage).toBeLessThan(0.05);
  });

  it('censors the history at T and counts the record with the engine conventions', () => {
    const day = 86_400_000;
    const at = Date.UTC(2023, 0, 1);
    const rows = [
      {
        caseId: 1,
        stage: 'a',
        enteredAt: at - 10 * day,
        exitedAt: at - 5 * day,
        nextStage: 'b',
        exitEvent: 'go',
      },
      {
        caseId: 1,
        stage: 'b',
        enteredAt: at - 5 * day,
        exitedAt: at + 3 * day,
        nextStage: 'c',
        exitEvent: 'go',
      },
      { caseId: 1, stage: 'c', enteredAt: at + 3 * day, exitedAt: null, nextStage: null },
      { caseId: 2, stage: 'a', enteredAt: at + 12 * day, exitedAt: at + 40 * day, nextStage: 'b' },
      { caseId: 2, stage: 'b', enteredAt: at + 40 * day, exitedAt: null, nextStage: null },
    ];
    expect([...censorIntervals(rows, at)]).toEqual([
      rows[0],
      { ...rows[1], exitedAt: null, nextStage: null, exitEvent: null },
    ]);
    const o = observedSeries(rows, ['a', 'b', 'c'], at, 2, 30);
    expect(o.initialStock).toEqual([{ stage: 'b', daysInStage: 5 }]);
    expect(o.entries.get('a')).toEqual([1, 0]);
    expect(o.entries.get('b')).toEqual([0, 1]);
    expect(o.entries.get('c')).toEqual([1, 0]);
    expect(o.stock.get('a')).toEqual([1, 0]); // open on day 30, closed on day 40
    expect(o.stock.get('b')).toEqual([0, 1]); // left on day 3; case 2 arrives on day 40
    expect(o.stock.get('c')).toEqual([1, 1]);
  });
});
