import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/calendars.ts';
import { fromDay, toDay } from '../calendar/dayNumber.ts';
import { indexFromIntervals, type StageInterval } from '../columnar/fromIntervals.ts';
import { computeKpis } from '../kpis/kpis.ts';
import { buildPublication } from '../publish/publication.ts';
import { suppressAggregates } from '../publish/suppressionPolicy.ts';
import { journey } from '../testing/journey.ts';
import { processMap } from './processMap.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const jersey = calendarFor('jersey');
const may = { from: toDay('2024-05-01'), to: toDay('2024-05-31'), asOf: toDay('2024-05-31') };

// A step with no event after the first is a move outside the pathway, as the store keeps one.
const intervals: StageInterval[] = [
  // 6 children: assessment, then straight to the care leaver stage (outside the pathway) in May.
  ...Array.from({ length: 6 }, (_, k) =>
    journey(`a${k}`, [
      ['front_door', '2024-04-20'],
      ['assessment', '2024-04-21', 'accept_referral'],
      ['care_leaver', `2024-05-${String(10 + k).padStart(2, '0')}`],
    ]),
  ).flat(),
  // 2 children: a CIN plan with no assessment recorded (outside), then closed by a pathway move.
  ...Array.from({ length: 2 }, (_, k) =>
    journey(`b${k}`, [
      ['front_door', '2024-05-02'],
      ['child_in_need', '2024-05-03'],
      ['closed', `2024-05-2${k}`, 'close_case'],
    ]),
  ).flat(),
  // Outside the period: a return to care in April with no referral.
  ...journey('c', [
    ['looked_after', '2024-01-01'],
    ['closed', '2024-02-01', 'cease_care'],
    ['looked_after', '2024-04-01'],
  ]),
  // Ordinary moves of the pathway, and a case that never moves.
  ...Array.from({ length: 7 }, (_, k) =>
    journey(`d${k}`, [
      ['front_door', '2024-05-06'],
      ['assessment', '2024-05-07', 'accept_referral'],
      ['looked_after', '2024-05-20', 'become_looked_after'],
    ]),
  ).flat(),
  ...journey('e', [['front_door', '2024-05-30']]),
];
const index = indexFromIntervals(intervals);
const map = processMap(index, pathway, may, jersey);

describe('map conformance: moves outside the pathway', () => {
  it('counts them per move and per stage, as a hand count of the fixture', () => {
    expect(map.conformance).toEqual({
      total: 8,
      moves: [
        { from: 'front_door', to: 'child_in_need', moves: 2 },
        { from: 'assessment', to: 'care_leaver', moves: 6 },
      ],
      stages: [
        { stage: 'front_door', movesOut: 2, movesIn: 0 },
        { stage: 'assessment', movesOut: 6, movesIn: 0 },
        { stage: 'child_in_need', movesOut: 0, movesIn: 2 },
        { stage: 'care_leaver', movesOut: 0, movesIn: 6 },
      ],
    });
    // The same moves are in `transitions`, under no event.
    const t = map.transitions.find((x) => x.from === 'assessment' && x.to === 'care_leaver')!;
    expect(t).toMatchObject({ moves: 6, events: { '(none)': 6 } });
    expect(map.transitions.find((x) => x.from === 'assessment' && x.to === 'looked_after')!.events).toEqual({
      become_looked_after: 7,
    });
    expect(map.definitions.conformance).toMatch(/outside the pathway/);
  });

  it('equals a direct count of the stays for any history (property)', () => {
    const stages = pathway.stages.map((s) => s.id);
    const step = fc.record({
      stage: fc.constantFrom(...stages),
      gap: fc.integer({ min: 0, max: 40 }),
      named: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { maxLength: 12 }), (cases) => {
        const ivs = cases.flatMap((steps, c) => {
          let day = toDay('2024-04-10');
          return journey(
            `p${c}`,
            steps.map((s, k) => {
              day += s.gap;
              return [s.stage, fromDay(day), k > 0 && s.named ? 'some_event' : undefined] as [
                string,
                string,
                string?,
              ];
            }),
          );
        });
        const m = processMap(indexFromIntervals(ivs), pathway, may, jersey);
        const expected = new Map<string, number>();
        for (const iv of ivs) {
          const x = toDay(String(iv.exitedAt ?? '9999-12-31'));
          if (iv.nextStage === null || iv.exitEvent !== null || x < may.from || x > may.to) continue;
          const key = `${iv.stage}>${iv.nextStage}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const got = new Map(m.conformance.moves.map((mv) => [`${mv.from}>${mv.to}`, mv.moves]));
        expect(got).toEqual(expected);
        expect(m.conformance.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
        for (const s of m.conformance.stages) {
          const out = m.conformance.moves
            .filter((mv) => mv.from === s.stage)
            .reduce((a, mv) => a + mv.moves, 0);
          const into = m.conformance.moves
            .filter((mv) => mv.to === s.stage)
            .reduce((a, mv) => a + mv.moves, 0);
          expect([s.movesOut, s.movesIn]).toEqual([out, into]);
        }
      }),
    );
  });

  it('is suppressed like every count for a role without case-level access', () => {
    const kpis = computeKpis(index, pathway, may, { population: 20_000 });
    const view = suppressAggregates(map, kpis, pathway);
    const c = view.map.conformance;
    const move = (from: string) => c.moves.find((m) => m.from === from)!;
    const stage = (id: string) => c.stages.find((s) => s.stage === id)!;
    // 2 is a small count; so are the stage counts equal to it, and 6 goes with it (secondary).
    expect(move('front_door')).toMatchObject({ moves: null, suppressed: { moves: 'primary' } });
    expect(stage('front_door')).toMatchObject({ movesOut: null, suppressed: { movesOut: 'primary' } });
    expect(stage('child_in_need')).toMatchObject({ movesIn: null, suppressed: { movesIn: 'primary' } });
    expect(move('assessment')).toMatchObject({ moves: null, suppressed: { moves: 'secondary' } });
    // No hidden count can be recomputed: total = front door out + assessment out, both hidden.
    expect(stage('assessment').movesOut).toBeNull();
    expect(c.total).toBe(8);
    // Zero is shown; the transition's own "(none)" count of 2 is hidden too (the same cell).
    expect(stage('front_door').movesIn).toBe(0);
    const t = view.map.transitions.find((x) => x.from === 'front_door' && x.to === 'child_in_need')!;
    expect(t.events['(none)']).toBeNull();
    // The input map is unchanged.
    expect(map.conformance.moves[0]!.moves).toBe(2);
    // Role views only: the public release has no conformance figure.
    const published = buildPublication(map, kpis, pathway).figures;
    expect(published.filter((f) => f.measure.includes('outside_pathway'))).toEqual([]);
  });
});
