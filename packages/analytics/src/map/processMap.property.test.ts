import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDay, toDay } from '../calendar/dayNumber.ts';
import { calendarFor } from '../calendar/calendars.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { journey, type Step } from '../testing/journey.ts';
import { overdueCases } from '../timescales/overdueCases.ts';
import { computeKpis } from '../kpis/kpis.ts';
import { processMap } from './processMap.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const calendar = calendarFor('england-and-wales');
const stageIds = pathway.stages.map((s) => s.id);
const base = toDay('2023-12-01');

// A case: a first stage and day, then moves (stage, gap in days, event). Stages need not be legal
// moves: the invariants hold for any log.
const caseArb = fc.record({
  start: fc.integer({ min: 0, max: 120 }),
  first: fc.constantFrom(...stageIds),
  moves: fc.array(
    fc.record({
      stage: fc.constantFrom(...stageIds),
      gap: fc.integer({ min: 0, max: 45 }),
      event: fc.constantFrom('accept_referral', 'close_case', 'step_up', 'no_further_action'),
    }),
    { maxLength: 6 },
  ),
});

describe('process map invariants (property)', () => {
  it('open at start + entries - exits = open at end; moves out of a stage sum to its exits', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom<'week' | 'month'>('week', 'month'),
        (cases, fromOffset, length, bucket) => {
          const intervals = cases.flatMap((c, k) => {
            let day = base + c.start;
            const steps: Step[] = [[c.first, fromDay(day)]];
            for (const m of c.moves) {
              day += m.gap;
              steps.push([m.stage, fromDay(day), m.event]);
            }
            return journey(`c${k}`, steps);
          });
          const index = indexFromIntervals(intervals);
          const from = base + fromOffset;
          const to = from + length;
          const map = processMap(index, pathway, { from, to, asOf: to, bucket }, calendar);
          let overdue = 0;
          for (const s of map.stages) {
            expect(s.openAtStart + s.entries - s.exits, s.stage).toBe(s.openAtEnd);
            expect(s.openAsOf).toBe(s.openAtEnd);
            expect(s.timeInStage.count).toBe(s.exits);
            expect(s.openAge.count).toBe(s.openAsOf);
            expect(s.throughput.reduce((a, b) => a + b.entries, 0)).toBe(s.entries);
            expect(s.throughput.reduce((a, b) => a + b.exits, 0)).toBe(s.exits);
            const out = map.transitions.filter((t) => t.from === s.stage);
            expect(out.reduce((a, t) => a + t.moves, 0)).toBe(s.exits);
            for (const t of out) expect(t.cases).toBeLessThanOrEqual(t.moves);
            if (s.timescale) {
              expect(s.timescale.completed).toBe(s.exits);
              overdue += s.timescale.openOverdue;
            }
          }
          expect(overdueCases(index, pathway, { asOf: to, limit: 0 }, calendar).total).toBe(overdue);
          // Every stay is counted somewhere: intervals = open at start + entries + (entered later).
          const total = map.stages.reduce((a, s) => a + s.openAtStart + s.entries, 0);
          const later = intervals.filter((iv) => toDay(String(iv.enteredAt)) > to).length;
          const endedBefore = intervals.filter(
            (iv) => iv.exitedAt !== null && toDay(String(iv.exitedAt)) < from,
          ).length;
          expect(total + later + endedBefore).toBe(intervals.length);

          // Sorting stays by exit day (compaction) changes no figure, before or after new stays arrive.
          const query = { from, to, asOf: to, bucket };
          const kpis = computeKpis(index, pathway, query, { population: 1000 });
          const overdueList = overdueCases(index, pathway, { asOf: to, limit: 5 }, calendar);
          index.compact();
          expect(processMap(index, pathway, query, calendar)).toEqual(map);
          expect(computeKpis(index, pathway, query, { population: 1000 })).toEqual(kpis);
          expect(overdueCases(index, pathway, { asOf: to, limit: 5 }, calendar)).toEqual(overdueList);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a compacted index that keeps growing agrees with one built from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 150 }),
        (cases, cut) => {
          const all = cases.flatMap((c, k) => {
            let day = base + c.start;
            const steps: Step[] = [[c.first, fromDay(day)]];
            for (const m of c.moves) {
              day += m.gap;
              steps.push([m.stage, fromDay(day), m.event]);
            }
            return journey(`c${k}`, steps);
          });
          // Stays that began by the cut first (with unknown futures: open), then the rest as moves.
          const cutDay = base + cut;
          const early = all.filter((iv) => toDay(String(iv.enteredAt)) <= cutDay);
          const growing = indexFromIntervals(
            early.map((iv) =>
              iv.exitedAt !== null && toDay(String(iv.exitedAt)) > cutDay
                ? { ...iv, exitedAt: null, nextStage: null, exitEvent: null }
                : iv,
            ),
          );
          growing.compact();
          for (const [k, iv] of all.entries()) {
            if (toDay(String(iv.enteredAt)) <= cutDay) continue;
            const before = all[k - 1];
            const prev = before?.caseId === iv.caseId ? before : undefined;
            growing.addStay({
              caseKey: iv.caseId,
              stage: iv.stage,
              entered: toDay(String(iv.enteredAt)),
              exited: null,
              nextStage: null,
              exitEvent: null,
              entryEvent: prev?.exitEvent ?? null,
            });
          }
          const fresh = indexFromIntervals(all);
          const query = { from: base, to: base + 200, asOf: base + 200 };
          expect(processMap(growing, pathway, query, calendar)).toEqual(
            processMap(fresh, pathway, query, calendar),
          );
          expect(computeKpis(growing, pathway, query, { population: 10 })).toEqual(
            computeKpis(fresh, pathway, query, { population: 10 }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
