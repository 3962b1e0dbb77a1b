import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDay } from '../calendar/dayNumber.ts';
import { createWorkingCalendar } from '../calendar/WorkingCalendar.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { processMap } from '../map/processMap.ts';
import { journey } from '../testing/journey.ts';
import { ageingBucketOf } from './ageingBuckets.ts';
import { worklist } from './worklist.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
// Weekends only, so every deadline below can be counted on a calendar by hand.
const calendar = createWorkingCalendar({ name: 'weekdays' });
const asOf = toDay('2025-03-31'); // a Monday

// Hand-computed: assessment 45 working days (9 weeks from a Monday to a Monday), s47 15, front door 1.
const intervals = [
  // E: entered Mon 2024-11-04, due Mon 2025-01-06: 60 working days overdue (over 20).
  ...journey('E', [['assessment', '2024-11-04']]),
  // A: entered Mon 2025-01-06, due Mon 2025-03-10: 15 working days overdue (11-20).
  ...journey('A', [['assessment', '2025-01-06']]),
  // F: the same entry but closed before the as-of date: not on the list.
  ...journey('F', [
    ['assessment', '2025-01-06'],
    ['closed', '2025-03-20', 'close_case'],
  ]),
  // D: s47 entered Mon 2025-03-03, due Mon 2025-03-24: 5 working days overdue (0-5).
  ...journey('D', [['s47_enquiry', '2025-03-03']]),
  // I: front door entered Thu 2025-03-27, due Fri 03-28: 1 working day overdue, 3 calendar days.
  ...journey('I', [['front_door', '2025-03-27']]),
  // C: front door entered Fri 2025-03-28, due Mon 03-31 (the as-of date): due today, not overdue.
  ...journey('C', [['front_door', '2025-03-28']]),
  // B: entered Mon 2025-02-03, due Mon 2025-04-07: 5 working days left.
  ...journey('B', [['assessment', '2025-02-03']]),
  // H: entered 2025-03-17, due 2025-05-19: outside any short horizon.
  ...journey('H', [['assessment', '2025-03-17']]),
  // G: child in need has no timescale: never on the list.
  ...journey('G', [['child_in_need', '2024-01-01']]),
];
const cases = ['E', 'A', 'F', 'D', 'I', 'C', 'B', 'H', 'G'].map((caseId) => ({
  caseId,
  attributes: { age_band: caseId === 'A' || caseId === 'B' ? '10_15' : '1_4' },
}));
const index = indexFromIntervals(intervals, cases);

describe('worklist', () => {
  it('lists overdue and due-soon stays across stages, most overdue first, with hand-computed days', () => {
    const list = worklist(index, pathway, { asOf, dueWithinDays: 5 }, calendar, ['age_band']);
    expect(list.items.map((x) => x.caseKey)).toEqual(['E', 'A', 'D', 'I', 'C', 'B']);
    const byCase = new Map(list.items.map((x) => [x.caseKey, x]));
    expect(byCase.get('E')).toMatchObject({ dueOn: '2025-01-06', workingDaysOverdue: 60, overdue: true });
    expect(byCase.get('A')).toMatchObject({
      stage: 'assessment',
      enteredAt: '2025-01-06',
      dueOn: '2025-03-10',
      workingDaysOverdue: 15,
      daysOverdue: 21,
      daysInStage: 84,
    });
    expect(byCase.get('D')).toMatchObject({ dueOn: '2025-03-24', workingDaysOverdue: 5 });
    expect(byCase.get('I')).toMatchObject({ dueOn: '2025-03-28', workingDaysOverdue: 1, daysOverdue: 3 });
    expect(byCase.get('C')).toMatchObject({ dueOn: '2025-03-31', workingDaysOverdue: 0, overdue: false });
    expect(byCase.get('B')).toMatchObject({ dueOn: '2025-04-07', workingDaysOverdue: -5, overdue: false });
    expect(list.total).toBe(6);
    const assessment = list.byStage.find((s) => s.stage === 'assessment');
    expect(assessment).toMatchObject({ dueSoon: 1, overdue: 2, buckets: [0, 0, 1, 1] });
    expect(list.byStage.find((s) => s.stage === 'front_door')).toMatchObject({ dueSoon: 1, overdue: 1 });
    expect(list.byStage.map((s) => s.stage)).not.toContain('child_in_need');
    expect(list.ageingBuckets).toEqual(['0-5', '6-10', '11-20', 'over 20']);
  });

  it('narrows by horizon, stage and attribute', () => {
    const four = worklist(index, pathway, { asOf, dueWithinDays: 4 }, calendar);
    expect(four.items.map((x) => x.caseKey)).toEqual(['E', 'A', 'D', 'I', 'C']);
    const zero = worklist(index, pathway, { asOf, dueWithinDays: 0, stage: 'assessment' }, calendar);
    expect(zero.items.map((x) => x.caseKey)).toEqual(['E', 'A']);
    expect(zero.byStage.map((s) => s.stage)).toEqual(['assessment']);
    const teens = worklist(
      index,
      pathway,
      { asOf, dueWithinDays: 5, filters: { age_band: ['10_15'] } },
      calendar,
      ['age_band'],
    );
    expect(teens.items.map((x) => x.caseKey)).toEqual(['A', 'B']);
  });

  it('refuses a horizon outside 0-260 working days', () => {
    expect(() => worklist(index, pathway, { asOf, dueWithinDays: -1 }, calendar)).toThrow(/dueWithinDays/);
    expect(() => worklist(index, pathway, { asOf, dueWithinDays: 1.5 }, calendar)).toThrow(/dueWithinDays/);
  });

  it('puts 0-5 working days overdue in the first bucket and 21 in the last', () => {
    expect([0, 5, 6, 10, 11, 20, 21, 400].map(ageingBucketOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('counts the same overdue stays per stage as the process map, for any as-of date', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDay('2024-10-01'), max: toDay('2025-06-30') }), (day) => {
        const list = worklist(index, pathway, { asOf: day, dueWithinDays: 10 }, calendar);
        const map = processMap(index, pathway, { from: day, to: day, asOf: day }, calendar);
        for (const s of list.byStage) {
          const figures = map.stages.find((m) => m.stage === s.stage);
          expect(s.overdue).toBe(figures?.timescale?.openOverdue ?? 0);
          expect(s.buckets.reduce((a, b) => a + b, 0)).toBe(s.overdue);
        }
        for (let k = 1; k < list.items.length; k++)
          expect(list.items[k - 1]!.dueOn <= list.items[k]!.dueOn).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
