import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { toDay } from '../calendar/dayNumber.ts';
import { calendarFor } from '../calendar/calendars.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { journey } from '../testing/journey.ts';
import { overdueCases } from '../timescales/overdueCases.ts';
import { processMap } from './processMap.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const ew = calendarFor('england-and-wales');

// May 2024 in England: Fri 24 May, then Sat, Sun and the spring bank holiday on Mon 27 May.
const intervals = [
  // A: Fri 24 -> Tue 28 (4 days); deadline Tue 28 (1 working day over the bank holiday weekend): within.
  ...journey('A', [
    ['front_door', '2024-05-24'],
    ['assessment', '2024-05-28', 'accept_referral'],
  ]),
  // B: Fri 24, still at the front door on Fri 31: deadline Tue 28, 3 days (3 working days) overdue.
  ...journey('B', [['front_door', '2024-05-24']]),
  // C: Thu 23 -> Tue 28 (5 days); deadline Fri 24: late.
  ...journey('C', [
    ['front_door', '2024-05-23'],
    ['closed', '2024-05-28', 'no_further_action'],
  ]),
  // D: Thu 2 -> Fri 3 (1 day, within); assessment Fri 3 -> Mon 20 (17 days); then child in need.
  ...journey('D', [
    ['front_door', '2024-05-02'],
    ['assessment', '2024-05-03', 'accept_referral'],
    ['child_in_need', '2024-05-20', 'cin_plan'],
  ]),
  // E: Mon 29 April -> Tue 7 May (8 days; deadline Tue 30 April: late); open at the start of May.
  ...journey('E', [
    ['front_door', '2024-04-29'],
    ['early_help', '2024-05-07', 'refer_early_help'],
  ]),
  // F: arrives on the as-of day: age 0, due Mon 3 June, not overdue.
  ...journey('F', [['front_door', '2024-05-31']]),
  // G: in and out the same day (0 days, within).
  ...journey('G', [
    ['front_door', '2024-05-10'],
    ['closed', '2024-05-10', 'no_further_action'],
  ]),
];
const cases = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((caseId) => ({
  caseId,
  attributes: { age_band: 'ABC'.includes(caseId) ? '10_15' : '5_9' },
}));
const index = indexFromIntervals(intervals, cases);
const may = { from: toDay('2024-05-01'), to: toDay('2024-05-31'), asOf: toDay('2024-05-31') };

describe('process map, hand-computed (England and Wales calendar, May 2024)', () => {
  const map = processMap(index, pathway, may, ew, ['age_band']);
  const stage = (id: string) => map.stages.find((s) => s.stage === id)!;

  it('front door: entries, exits, open stock', () => {
    const fd = stage('front_door');
    // Entered in May: A, B, C, D, F, G. E entered 29 April (open at the start). Exits: A, C, D, E, G.
    expect([fd.entries, fd.exits, fd.openAtStart, fd.openAtEnd, fd.openAsOf]).toEqual([6, 5, 1, 2, 2]);
  });

  it('front door: time in stage of completed stays (nearest rank)', () => {
    // Durations 0 (G), 1 (D), 4 (A), 5 (C), 8 (E): mean 18/5 = 3.6; median rank ceil(2.5) = 3 -> 4;
    // p90 rank ceil(4.5) = 5 -> 8.
    expect(stage('front_door').timeInStage).toEqual({ count: 5, mean: 3.6, median: 4, p90: 8, max: 8 });
    // Open at 31 May: B aged 7, F aged 0: median rank 1 -> 0, p90 rank ceil(1.8) = 2 -> 7.
    expect(stage('front_door').openAge).toEqual({ count: 2, mean: 3.5, median: 0, p90: 7, max: 7 });
  });

  it('front door: timescale across the bank holiday weekend', () => {
    // Within: A (due and left Tue 28), D, G; late: C, E -> 3 of 5. Overdue now: B only (F due 3 June).
    expect(stage('front_door').timescale).toMatchObject({
      value: 1,
      unit: 'working_days',
      completed: 5,
      withinTimescale: 3,
      percentWithin: 60,
      openOverdue: 1,
    });
  });

  it('assessment: one completed stay of 17 days, one open', () => {
    const a = stage('assessment');
    expect([a.entries, a.exits, a.openAtStart, a.openAtEnd]).toEqual([2, 1, 0, 1]);
    expect(a.timeInStage).toEqual({ count: 1, mean: 17, median: 17, p90: 17, max: 17 });
    expect(a.timescale).toMatchObject({
      completed: 1,
      withinTimescale: 1,
      percentWithin: 100,
      openOverdue: 0,
    });
  });

  it('transitions out of the front door: cases, moves, share and days in source', () => {
    const out = map.transitions.filter((t) => t.from === 'front_door');
    expect(out.map((t) => [t.to, t.moves, t.cases, t.shareOfSourceExits])).toEqual([
      ['early_help', 1, 1, 20],
      ['assessment', 2, 2, 40],
      ['closed', 2, 2, 40],
    ]);
    const toAssessment = out.find((t) => t.to === 'assessment')!;
    // A 4 days, D 1 day: median rank 1 -> 1, p90 rank 2 -> 4.
    expect([toAssessment.daysInSource.median, toAssessment.daysInSource.p90]).toEqual([1, 4]);
    expect(toAssessment.events).toEqual({ accept_referral: 2 });
    const toClosed = out.find((t) => t.to === 'closed')!;
    expect([toClosed.daysInSource.median, toClosed.daysInSource.p90]).toEqual([0, 5]);
  });

  it('weekly throughput sums to the period totals', () => {
    const weekly = processMap(index, pathway, { ...may, bucket: 'week' }, ew);
    const fd = weekly.stages.find((s) => s.stage === 'front_door')!;
    // Weeks clipped to May: 1-5, 6-12, 13-19, 20-26, 27-31.
    expect(fd.throughput.map((b) => [b.start, b.end, b.entries, b.exits])).toEqual([
      ['2024-05-01', '2024-05-05', 1, 1],
      ['2024-05-06', '2024-05-12', 1, 2],
      ['2024-05-13', '2024-05-19', 0, 0],
      ['2024-05-20', '2024-05-26', 3, 0],
      ['2024-05-27', '2024-05-31', 1, 2],
    ]);
  });

  it('filters by age band', () => {
    const older = processMap(index, pathway, { ...may, filters: { age_band: ['10_15'] } }, ew, ['age_band']);
    const fd = older.stages.find((s) => s.stage === 'front_door')!;
    // A, B, C only: entries 3, exits A and C, B open and overdue.
    expect([fd.entries, fd.exits, fd.openAtEnd, fd.timescale?.openOverdue]).toEqual([3, 2, 1, 1]);
    expect(() =>
      processMap(index, pathway, { ...may, filters: { postcode: ['X'] } }, ew, ['age_band']),
    ).toThrow(/unknown attribute postcode/);
    expect(() => processMap(index, pathway, { ...may, from: may.to + 1 }, ew)).toThrow(/before it starts/);
  });

  it('lists overdue cases with days overdue', () => {
    const list = overdueCases(index, pathway, { asOf: may.asOf }, ew);
    expect(list.total).toBe(1);
    expect(list.cases[0]).toMatchObject({
      caseKey: 'B',
      stage: 'front_door',
      enteredAt: '2024-05-24',
      deadline: '2024-05-28',
      daysOverdue: 3,
      workingDaysOverdue: 3,
    });
    // On the deadline day itself nothing is overdue; the day after, B is 1 day over.
    expect(overdueCases(index, pathway, { asOf: toDay('2024-05-28') }, ew).total).toBe(0);
    expect(overdueCases(index, pathway, { asOf: toDay('2024-05-29') }, ew).cases[0]?.daysOverdue).toBe(1);
    // Jersey's calendar has no bank holiday on 27 May 2024? It has (spring bank holiday): same deadline.
    expect(overdueCases(index, pathway, { asOf: may.asOf }, calendarFor('jersey')).cases[0]?.deadline).toBe(
      '2024-05-28',
    );
    // Without holidays B was due Mon 27 May: 4 days over.
    const plain = calendarFor('england-and-wales', { removeHolidays: ['2024-05-27'] });
    expect(overdueCases(index, pathway, { asOf: may.asOf }, plain).cases[0]?.daysOverdue).toBe(4);
  });
});
