import { expect, it } from 'vitest';
import type { IntervalRecord } from '../calibration/calibrate.ts';
import { backtestWindow } from './backtestWindow.ts';

it('reads records given as ISO dates like epoch ms (a T outside the record is refused either way)', () => {
  const stay = { caseId: 1, stage: 'a', nextStage: null };
  const iso: IntervalRecord[] = [{ ...stay, enteredAt: '2020-01-01', exitedAt: '2022-06-30' }];
  const ms: IntervalRecord[] = [
    { ...stay, enteredAt: Date.UTC(2020, 0, 1), exitedAt: Date.UTC(2022, 5, 30) },
  ];
  const early = Date.UTC(2020, 3, 1);
  for (const records of [iso, ms]) {
    const w = backtestWindow(records, early, 3);
    expect(w.first).toBe(Date.UTC(2020, 0, 1));
    expect(w.problem?.code).toBe('backtest_outside_data');
    expect(backtestWindow(records, Date.UTC(2021, 5, 1), 3).problem).toBeNull();
  }
});
