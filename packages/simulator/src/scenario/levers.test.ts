import { compile } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unlimitedDefaultPathway } from '../testing/testPathways.ts';
import { applyScenario } from './applyScenario.ts';
import { compareScenario } from './compareScenario.ts';

const base = compile(unlimitedDefaultPathway);
/** The routing probabilities of a stage's moves in the compiled model (its cumulative table). */
function shares(pathway: ReturnType<typeof compile>, stage: string): Map<string, number> {
  const weights = new Map<string, number>();
  const def = pathway.definition;
  const ancestors = ['section_17'];
  for (const source of [stage, ...(def.stages.find((s) => s.id === stage)?.group ? ancestors : [])])
    for (const t of def.transitions)
      if (t.from === source && !weights.has(t.event))
        weights.set(t.event, source === stage ? t.weight : (t.weightBySource?.[stage] ?? t.weight));
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  return new Map([...weights].map(([e, w]) => [e, w / total]));
}

describe('scenario levers', () => {
  it('scales one move share by the factor and keeps the other moves in proportion (any factor that fits)', () => {
    const before = shares(base, 'child_in_need');
    const p = before.get('step_down')!;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1 / p, noNaN: true }), (factor) => {
        const after = shares(
          applyScenario(base, { weightMultipliers: [{ from: 'child_in_need', event: 'step_down', factor }] }),
          'child_in_need',
        );
        expect(after.get('step_down')!).toBeCloseTo(p * factor, 9);
        const restBefore = 1 - p;
        for (const [event, share] of before)
          if (event !== 'step_down')
            expect(after.get(event)!).toBeCloseTo((share / restBefore) * (1 - p * factor), 9);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a factor that would take more than every exit, an unknown move, a trend of -100%', () => {
    expect(() =>
      applyScenario(base, {
        weightMultipliers: [{ from: 'child_in_need', event: 'step_down', factor: 100 }],
      }),
    ).toThrow(/more than every exit/);
    expect(() =>
      applyScenario(base, { weightMultipliers: [{ from: 'child_in_need', event: 'fly', factor: 1.1 }] }),
    ).toThrow(/has no move "fly"/);
    expect(() => applyScenario(base, { arrivalTrendPerYear: -1 })).toThrow(/arrivalTrendPerYear/);
  });

  it('a demand trend raises arrivals in the second year; 10% more step-downs from CIN raise early help entries', async () => {
    const run = (scenario: Parameters<typeof applyScenario>[1]) =>
      compareScenario({
        pathway: base,
        scenario,
        replications: 10,
        seed: 2,
        horizonDays: 730,
        warmupDays: 0,
        workers: 0,
      });
    const trend = await run({ arrivalTrendPerYear: 0.1 });
    // +10%/yr from the origin: over two years about +10% on average; the paired interval excludes 0
    expect(trend.difference.arrivals.ciLow).toBeGreaterThan(0);
    const mean = trend.baseline.arrivals.mean;
    expect(trend.difference.arrivals.mean / mean).toBeGreaterThan(0.05);
    expect(trend.difference.arrivals.mean / mean).toBeLessThan(0.16);
    const stepDown = await run({
      weightMultipliers: [{ from: 'child_in_need', event: 'step_down', factor: 1.1 }],
    });
    const eh = stepDown.difference.stages.find((s) => s.stage === 'early_help')!;
    expect(eh.stats.entries.ciLow).toBeGreaterThan(0);
    // several levers at once apply together
    const several = applyScenario(base, {
      arrivalMultiplier: 1.1,
      durationMultiplier: { child_in_need: 0.9 },
      capacity: { assessment: 200 },
      weightMultipliers: [{ from: 'child_in_need', event: 'step_down', factor: 1.1 }],
    });
    expect(several.definition.arrivals!.perYear).toBeCloseTo(base.definition.arrivals!.perYear * 1.1, 6);
    expect(several.definition.stages.find((s) => s.id === 'assessment')!.capacity).toBe(200);
  });
});
