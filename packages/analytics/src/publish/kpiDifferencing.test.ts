import {
  defaultPathway,
  effectiveMoves,
  type PathwayDefinition,
  PathwayDefinitionSchema,
} from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../calendar/calendars.ts';
import { fromDay, toDay } from '../calendar/dayNumber.ts';
import type { StageInterval } from '../columnar/fromIntervals.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { computeKpis } from '../kpis/kpis.ts';
import { processMap } from '../map/processMap.ts';
import { journey, type Step } from '../testing/journey.ts';
import { suppressAggregates } from './suppressionPolicy.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const moves = effectiveMoves(pathway);
const stageIds = pathway.stages.map((s) => s.id);
const from = toDay('2024-05-01');
const to = toDay('2024-05-31');
const query = { from, to, asOf: to };
const OVERSIGHT_TAGS = ['cin_plan', 'cp_plan', 'looked_after', 'care_leaver'];

/** One random case: where it opens (mostly the front door), then moves of the pathway or, rarely, outside it. */
const caseHistory = fc.record({
  opensAt: fc.oneof({ weight: 5, arbitrary: fc.constant(pathway.entry) }, fc.constantFrom(...stageIds)),
  start: fc.integer({ min: -60, max: 30 }),
  steps: fc.array(fc.record({ pick: fc.nat(), gap: fc.integer({ min: 0, max: 20 }), outside: fc.nat(19) }), {
    maxLength: 6,
  }),
});

type CaseHistory = typeof caseHistory extends fc.Arbitrary<infer T> ? T : never;

function intervalsOf(cases: CaseHistory[]): StageInterval[] {
  return cases.flatMap((c, k) => {
    let day = from + c.start;
    let stage = c.opensAt;
    const steps: Step[] = [[stage, fromDay(day)]];
    for (const s of c.steps) {
      const options = moves.get(stage) ?? [];
      if (options.length === 0) break;
      day += s.gap;
      if (s.outside === 0) {
        // A recorded move the pathway lacks: no event.
        stage = stageIds[s.pick % stageIds.length]!;
        steps.push([stage, fromDay(day)]);
      } else {
        const m = options[s.pick % options.length]!;
        stage = m.to;
        steps.push([stage, fromDay(day), m.event]);
      }
    }
    return journey(`c${k}`, steps);
  });
}

/**
 * How many of an identity's terms a role without case-level access cannot see. The identity holds
 * on the true figures; with exactly one term unseen, that term is the others' sum or difference.
 */
const unseen = (terms: (number | null | undefined)[]) => terms.filter((v) => v === null).length;

describe('a KPI cannot give away a count the map hides (role view)', () => {
  it('property: the oversight denominator, referrals and plan starts never leave one hidden term in their sums', () => {
    fc.assert(
      fc.property(fc.array(caseHistory, { minLength: 5, maxLength: 120 }), (cases) => {
        const index = indexFromIntervals(intervalsOf(cases));
        const map = processMap(index, pathway, query, calendarFor('jersey'));
        const kpis = computeKpis(index, pathway, query, { population: 20_000 });
        const view = suppressAggregates(map, kpis, pathway);
        const stage = (id: string) => view.map.stages.find((s) => s.stage === id)!;
        const trueStage = (id: string) => map.stages.find((s) => s.stage === id)!;
        const kpi = (id: string) => view.kpis.kpis.find((x) => x.id === id)!;
        const trueKpi = (id: string) => kpis.kpis.find((x) => x.id === id)!;

        // The oversight denominator is the open counts of its stages.
        const tagged = pathway.stages.filter((s) => s.kpiTags.some((t) => OVERSIGHT_TAGS.includes(t)));
        const opens = tagged.reduce((a, s) => a + trueStage(s.id).openAtEnd, 0);
        if (opens === trueKpi('management_oversight_31_days').denominator)
          expect(
            unseen([
              kpi('management_oversight_31_days').denominator,
              ...tagged.map((s) => stage(s.id).openAtEnd),
            ]),
          ).not.toBe(1);

        // Entries are the moves in when no case opened in the stage (with no move in, there is
        // nothing shown to subtract: that no case opened there is not published).
        for (const s of map.stages) {
          const into = map.transitions.filter((t) => t.to === s.stage);
          if (into.length === 0 || into.reduce((a, t) => a + t.moves, 0) !== s.entries) continue;
          const seen = view.map.transitions.filter((t) => t.to === s.stage).map((t) => t.moves);
          expect(unseen([stage(s.stage).entries, ...seen]), s.stage).not.toBe(1);
        }

        // Moves carrying a tag (with the moves outside the pathway into their stages and the cases
        // opening there: entries less moves in) are the KPI's count.
        for (const [id, measure, tag] of [
          ['referrals_per_10000', 'numerator', 'referral'],
          ['repeat_cp_plan_ever', 'denominator', 'cp_plan_start'],
        ] as const) {
          const targets = new Set<string>();
          const taggedMove = new Set<string>();
          for (const [source, list] of moves)
            for (const m of list)
              if (m.kpiTags.includes(tag)) {
                taggedMove.add(`${source} ${m.event}`);
                targets.add(m.to);
              }
          let truth = 0;
          const terms: (number | null | undefined)[] = [kpi(id)[measure]];
          map.transitions.forEach((t, i) => {
            const shown = view.map.transitions[i]!;
            if (t.to === null) return;
            for (const [event, n] of Object.entries(t.events))
              if (event === '(none)' ? targets.has(t.to) : taggedMove.has(`${t.from} ${event}`)) {
                truth += n;
                terms.push(shown.events[event]);
              }
            if (targets.has(t.to)) {
              truth -= t.moves;
              terms.push(shown.moves);
            }
          });
          for (const t of targets) {
            truth += trueStage(t).entries;
            terms.push(stage(t).entries);
          }
          expect(truth, id).toBe(trueKpi(id)[measure]);
          expect(unseen(terms), id).not.toBe(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
