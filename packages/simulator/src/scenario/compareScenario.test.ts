import { compile } from '@continuum/machines';
import { unlimitedDefaultPathway } from '../testing/testPathways.ts';
import { describe, expect, it } from 'vitest';
import { applyScenario, type Scenario } from './applyScenario.ts';
import { compareScenario } from './compareScenario.ts';
import { SimulationInputError } from '../errors.ts';
import { runSimulation } from '../run/runSimulation.ts';

const withCapacity = {
  ...unlimitedDefaultPathway,
  stages: unlimitedDefaultPathway.stages.map((s) => (s.id === 'early_help' ? { ...s, capacity: 180 } : s)),
};
const run = {
  pathway: withCapacity,
  replications: 20,
  seed: 9,
  horizonDays: 730,
  warmupDays: 365,
  workers: 0,
};

const codes = (scenario: Scenario) => {
  try {
    applyScenario(compile(withCapacity), scenario);
    return [];
  } catch (e) {
    if (!(e instanceof SimulationInputError)) throw e;
    return e.problems.map((p) => p.code);
  }
};

describe('scenarios', () => {
  it('an empty scenario differs by exactly zero everywhere (common random numbers)', async () => {
    const c = await compareScenario({ ...run, replications: 4, scenario: {} });
    for (const s of c.difference.stages) {
      expect(s.stats.meanStock.mean).toBe(0);
      expect(s.stats.meanStock.ciHigh - s.stats.meanStock.ciLow).toBe(0);
    }
  });

  it('more early-help capacity cuts its waits, with a paired interval tighter than independent runs give', async () => {
    const c = await compareScenario({ ...run, scenario: { capacityMultiplier: { early_help: 1.2 } } });
    const eh = c.difference.stages.find((s) => s.stage === 'early_help')!;
    expect(c.baseline.stages[1]!.stats.meanWait.mean).toBeGreaterThan(1); // the baseline really queues
    expect(eh.stats.meanWait.ciHigh).toBeLessThan(0);
    // Same arrivals in both runs: the arrival difference is exactly zero.
    expect(c.difference.arrivals.mean).toBe(0);
    // Without CRN (scenario on other seeds) the difference of means has a much wider interval.
    const independent = await runSimulation({
      ...run,
      seed: 1009,
      pathway: applyScenario(compile(withCapacity), { capacityMultiplier: { early_help: 1.2 } }),
    });
    const crnWidth = eh.stats.meanStock.ciHigh - eh.stats.meanStock.ciLow;
    const a = c.baseline.stages[1]!.stats.meanStock;
    const b = independent.stages[1]!.stats.meanStock;
    const indepWidth = Math.hypot(a.ciHigh - a.ciLow, b.ciHigh - b.ciLow);
    expect(crnWidth).toBeLessThan(indepWidth / 2);
  });

  it('adds a new stage with its moves and reports it as added', async () => {
    const scenario: Scenario = {
      arrivalMultiplier: 1.1,
      newStages: [
        {
          stage: {
            id: 'edge_of_care',
            label: 'Edge of care',
            level: 4,
            duration: { type: 'lognormal', medianDays: 90, sigma: 0.5 },
          },
          moves: [
            {
              from: 'child_protection',
              to: 'edge_of_care',
              event: 'edge_of_care',
              kind: 'step-down',
              weight: 0.1,
            },
            {
              from: 'edge_of_care',
              to: 'child_in_need',
              event: 'edge_to_cin',
              kind: 'step-down',
              weight: 0.7,
            },
            { from: 'edge_of_care', to: 'looked_after', event: 'edge_to_cla', kind: 'step-up', weight: 0.3 },
          ],
        },
      ],
    };
    const c = await compareScenario({ ...run, replications: 5, scenario });
    const added = c.difference.stages.find((s) => s.stage === 'edge_of_care')!;
    expect(added.added).toBe(true);
    expect(added.stats.entries.mean).toBeGreaterThan(0);
    expect(c.difference.arrivals.mean).toBeGreaterThan(0);
  });

  it('refuses unknown stages, unknown moves, negative weights and pathways broken by the scenario', () => {
    expect(codes({ capacity: { nowhere: 3 } })).toEqual(['unknown_stage']);
    expect(codes({ weights: [{ from: 'early_help', event: 'fly', weight: 1 }] })).toEqual(['unknown_move']);
    expect(codes({ weights: [{ from: 'assessment', event: 'close_case', weight: -1 }] })).toEqual([
      'negative_weight',
    ]);
    expect(codes({ arrivalMultiplier: -2 })).toEqual(['negative_rate']);
    expect(codes({ arrivalsPerYear: -5 })).toEqual(['negative_rate']);
    expect(
      codes({
        newStages: [
          {
            stage: { id: 'dead_end', label: 'Dead end', level: 2 },
            moves: [{ from: 'front_door', to: 'dead_end', event: 'go', kind: 'progress' }],
          },
        ],
      }),
    ).toContain('no_path_to_terminal');
    // A group move's weight is overridden for one stage only.
    const p = applyScenario(compile(withCapacity), {
      weights: [{ from: 'child_in_need', event: 'close_case', weight: 0.5 }],
    });
    const t = p.definition.transitions.find((x) => x.event === 'close_case')!;
    expect(t.weightBySource?.child_in_need).toBe(0.5);
    expect(t.weight).toBe(0.45);
  });
});
