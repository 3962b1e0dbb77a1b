import { describe, expect, it } from 'vitest';
import { calibrate, type IntervalRecord } from './calibrate.ts';
import { mmcPathway } from '../testing/testPathways.ts';

/**
 * A log with a known caseload: 100 stays through 2022, then 10 open from 2023-01-01 and 5 more
 * during June 2023. Over the last 12 months (to 2024-01-01) the daily caseload is 10 on 335 days
 * and 15 on 30: median 10, p95 15, max 15, mean 10.41; over the whole log the max is 100.
 */
function knownLog(): IntervalRecord[] {
  const rows: IntervalRecord[] = [];
  let id = 0;
  for (let i = 0; i < 100; i++)
    rows.push({
      caseId: id++,
      stage: 'service',
      enteredAt: '2022-01-01',
      exitedAt: '2022-12-31',
      nextStage: 'done',
    });
  for (let i = 0; i < 10; i++)
    rows.push({ caseId: id++, stage: 'service', enteredAt: '2023-01-01', exitedAt: null, nextStage: null });
  for (let i = 0; i < 5; i++)
    rows.push({
      caseId: id++,
      stage: 'service',
      enteredAt: '2023-06-01',
      exitedAt: '2023-07-01',
      nextStage: 'done',
    });
  return rows;
}

describe('calibration reports capacity', () => {
  const unlimited = mmcPathway(1, 10, 12);
  unlimited.stages[0]!.capacity = undefined;

  it('with none configured: the last 12 months observed, the p95 proposed, nothing applied', () => {
    const cal = calibrate({ pathway: unlimited, intervals: knownLog(), asOf: '2024-01-01' });
    const service = cal.stages.find((s) => s.stage === 'service')!;
    expect(service.capacity).toMatchObject({
      configured: null,
      observed: {
        median: 10,
        p95: 15,
        max: 15,
        mean: 10.41,
        days: 365,
        from: '2023-01-01',
        to: '2024-01-01',
      },
      utilisation: null,
      shareAtCapacity: null,
      proposed: 15,
    });
    expect(service.observedCapacity.max).toBe(100); // the whole log
    expect(service.capacity.note).toMatch(/no capacity configured.*Proposed capacity: 15/);
    expect(cal.pathway.stages[0]!.capacity).toBeUndefined(); // not silently applied
    expect(cal.notes.join(' ')).toMatch(/No capacity is configured for "service".*service 15/);
    // the terminal stage is never limited and gets no proposal
    expect(cal.stages.find((s) => s.stage === 'done')!.capacity.proposed).toBeNull();
  });

  it('applies the proposal only when asked', () => {
    const cal = calibrate({ pathway: unlimited, intervals: knownLog(), asOf: '2024-01-01', capacity: 'p95' });
    expect(cal.pathway.stages[0]!.capacity).toBe(15);
  });

  it('with a capacity (or staffing) configured: utilisation and the share of days at capacity', () => {
    const cal = calibrate({ pathway: mmcPathway(1, 10, 12), intervals: knownLog(), asOf: '2024-01-01' });
    const report = cal.stages.find((s) => s.stage === 'service')!.capacity;
    expect(report).toMatchObject({ configured: 12, proposed: null, shareAtCapacity: 0.082 });
    expect(report.utilisation).toBeCloseTo(10.41 / 12, 3);
    expect(report.whenFull).toBeNull();
    expect(report.note).toMatch(/utilisation 87%\. When full, waiting cases wait/);
    const staffed = mmcPathway(1, 10, 12);
    staffed.stages[0] = {
      ...staffed.stages[0]!,
      capacity: undefined,
      staffing: { workers: 2, casesPerWorker: 7.5 },
    };
    const byStaff = calibrate({
      pathway: staffed,
      intervals: knownLog(),
      asOf: '2024-01-01',
      capacity: 'max',
    });
    expect(byStaff.stages.find((s) => s.stage === 'service')!.capacity.configured).toBe(15);
    expect(byStaff.pathway.stages[0]!.staffing).toEqual({ workers: 2, casesPerWorker: 7.5 }); // kept
    expect(byStaff.pathway.stages[0]!.capacity).toBeUndefined();
  });
});
