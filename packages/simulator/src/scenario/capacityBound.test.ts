import type { PathwayDefinitionInput } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { compareScenario } from './compareScenario.ts';
import { applyScenario } from './applyScenario.ts';
import { toCompiled } from '../engine/SimModel.ts';
import { SimulationInputError } from '../errors.ts';

/**
 * help (10 workers x 15 cases, stays of 10 days on average) is overloaded by 20 referrals a day; a
 * case not picked up within its patience (30 days on average) escalates to assessment.
 */
function overloaded(): PathwayDefinitionInput {
  return {
    id: 'overloaded',
    name: 'Overloaded help',
    entry: 'help',
    arrivals: { perYear: 20 * 365.25 },
    stages: [
      {
        id: 'help',
        label: 'Help',
        level: 2,
        staffing: { workers: 10, casesPerWorker: 15 },
        duration: { type: 'exponential', meanDays: 10 },
        whenFull: { patience: { type: 'exponential', meanDays: 30 }, to: 'assessment' },
      },
      { id: 'assessment', label: 'Assessment', level: 3, duration: { type: 'exponential', meanDays: 20 } },
      { id: 'closed', label: 'Closed', level: 1, terminal: true },
    ],
    transitions: [
      { from: 'help', to: 'closed', event: 'close_help', kind: 'close', weight: 1 },
      { from: 'help', to: 'assessment', event: 'escalate', kind: 'step-up', weight: 0 },
      { from: 'assessment', to: 'closed', event: 'close_assessment', kind: 'close', weight: 1 },
    ],
  };
}

const horizonDays = 365;
/**
 * The hand calculation (fluid approximation of an overloaded many-server queue with abandonment):
 * the workers are always busy, so help serves capacity / mean stay cases a day and the rest of the
 * 20 a day give up and enter assessment; assessment holds (escalations a day) x 20 days (Little).
 */
const escalationsPerDay = (capacity: number) => Math.max(0, 20 - capacity / 10);

describe('capacity that changes flows: a capacity-bound stage on a small pathway', () => {
  for (const [k, capacity] of [
    [1.2, 180],
    [0.8, 120],
  ] as const) {
    it(`help capacity x${k} moves assessment entries as the hand calculation says`, async () => {
      const c = await compareScenario({
        pathway: overloaded(),
        scenario: { capacityMultiplier: { help: k } },
        replications: 12,
        seed: 4,
        warmupDays: 200,
        horizonDays,
        workers: 0,
      });
      const base = c.baseline.stages.find((s) => s.stage === 'assessment')!.stats;
      const diff = c.difference.stages.find((s) => s.stage === 'assessment')!.stats;
      expect(c.baseline.capacity.find((x) => x.stage === 'help')!.capacity).toBe(150);
      expect(c.scenario.capacity.find((x) => x.stage === 'help')!.capacity).toBe(capacity);
      expect(c.baseline.capacityBound).toEqual(['help']);
      // baseline: 5 escalations a day; scenario: 2 (x1.2) or 8 (x0.8)
      const handBase = escalationsPerDay(150) * horizonDays;
      const handDiff = (escalationsPerDay(capacity) - escalationsPerDay(150)) * horizonDays;
      expect(Math.abs(base.entries.mean - handBase) / handBase).toBeLessThan(0.1);
      expect(Math.sign(diff.entries.mean)).toBe(Math.sign(handDiff));
      expect(Math.abs(diff.entries.mean - handDiff) / Math.abs(handDiff)).toBeLessThan(0.1);
      // the paired interval excludes no change
      expect(diff.entries.ciHigh * diff.entries.ciLow).toBeGreaterThan(0);
      expect(
        Math.abs(diff.meanStock.mean - (handDiff / horizonDays) * 20) /
          Math.abs((handDiff / horizonDays) * 20),
      ).toBeLessThan(0.15);
      // help itself: the cases that gave up are the escalations, and waits are reported
      const help = c.baseline.stages.find((s) => s.stage === 'help')!.stats;
      expect(help.gaveUp.mean).toBeCloseTo(base.entries.mean, 6);
      expect(help.meanWaitAll.mean).toBeGreaterThan(1);
      expect(help.atCapacity.mean).toBeGreaterThan(0.95);
    });
  }

  it('scales staffing, replaces it by an absolute capacity, and refuses to scale an unlimited stage', () => {
    const compiled = toCompiled(overloaded());
    const more = applyScenario(compiled, { capacityMultiplier: { help: 1.2 } }).definition.stages[0]!;
    expect(more.staffing).toEqual({ workers: 12, casesPerWorker: 15 });
    const absolute = applyScenario(compiled, { capacity: { help: 90 } }).definition.stages[0]!;
    expect([absolute.capacity, absolute.staffing]).toEqual([90, undefined]);
    const lighter = applyScenario(compiled, { staffing: { help: { casesPerWorker: 12 } } }).definition
      .stages[0]!;
    expect(lighter.staffing).toEqual({ workers: 10, casesPerWorker: 12 });
    const patient = applyScenario(compiled, { whenFull: { help: null } }).definition.stages[0]!;
    expect(patient.whenFull).toBeUndefined();
    expect(() => applyScenario(compiled, { capacityMultiplier: { assessment: 1.2 } })).toThrow(
      SimulationInputError,
    );
    expect(() =>
      applyScenario(compiled, {
        whenFull: { help: { patience: { type: 'exponential', meanDays: 5 }, to: 'help' } },
      }),
    ).toThrow(SimulationInputError);
    try {
      applyScenario(compiled, {
        whenFull: { help: { patience: { type: 'exponential', meanDays: 5 }, to: 'help' } },
      });
    } catch (e) {
      expect((e as SimulationInputError).problems.map((p) => p.code)).toEqual(['give_up_to_self']);
    }
  });
});
