import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/calendars.ts';
import { fromDay, toDay } from '../calendar/dayNumber.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { computeKpis } from '../kpis/kpis.ts';
import { processMap } from '../map/processMap.ts';
import { journey } from '../testing/journey.ts';
import { buildPublication } from './publication.ts';
import { SUPPRESSION_POLICY, suppressAggregates } from './suppressionPolicy.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
// 30 contacts decided on 2024-05-08: 3 closed (small), 12 to assessment, 15 to early help.
const intervals = Array.from({ length: 30 }, (_, k) => {
  const [to, event] =
    k < 3
      ? ['closed', 'no_further_action']
      : k < 15
        ? ['assessment', 'accept_referral']
        : ['early_help', 'refer_early_help'];
  return journey(`k${k}`, [
    ['front_door', fromDay(toDay('2024-05-01') + (k % 5))],
    [to!, '2024-05-08', event],
  ]);
}).flat();
const index = indexFromIntervals(intervals);
const query = { from: toDay('2024-05-01'), to: toDay('2024-05-31'), asOf: toDay('2024-05-31') };
const map = processMap(index, pathway, query, calendarFor('jersey'));
const kpis = computeKpis(index, pathway, query, { population: 20_000 });

describe('suppression policy (role view)', () => {
  const view = suppressAggregates(map, kpis, pathway);
  const move = (to: string) => view.map.transitions.find((t) => t.from === 'front_door' && t.to === to)!;

  it('hides the small count and what would reveal it, with the reason, as the publication does', () => {
    expect(move('closed')).toMatchObject({ moves: null, suppressed: { moves: 'primary' } });
    expect(move('assessment')).toMatchObject({ moves: null, suppressed: { moves: 'secondary' } });
    expect(move('early_help').moves).toBe(15);
    const published = buildPublication(map, kpis, pathway).figures.filter(
      (f) => f.section === 'transition' && f.measure === 'moves',
    );
    for (const f of published) {
      const t = view.map.transitions.find((x) => x.from === f.subject && (x.to ?? '(none)') === f.related)!;
      expect(t.moves === null, `${f.subject}>${f.related}`).toBe(f.value === null);
    }
  });

  it('hides durations of a hidden group and every maximum; keeps the input intact', () => {
    expect(move('closed').daysInSource).toEqual({
      count: null,
      mean: null,
      median: null,
      p90: null,
      max: null,
    });
    expect(move('early_help').daysInSource.median).not.toBeNull();
    expect(move('early_help').daysInSource.max).toBeNull();
    expect(move('early_help').suppressed?.['daysInSource.max']).toBe('withheld');
    expect(map.transitions.find((t) => t.to === 'closed')!.moves).toBe(3);
    expect(view.map.suppression).toMatchObject({ applied: true, smallCounts: '1-4' });
    expect(SUPPRESSION_POLICY.smallCountMax).toBe(4);
    expect(SUPPRESSION_POLICY.minGroupForDurations).toBe(5);
  });

  it('suppresses events by name under a move like the move itself', () => {
    expect(move('closed').events.no_further_action).toBeNull();
    expect(move('closed').suppressed?.['events.no_further_action']).toBe('primary');
  });
});
