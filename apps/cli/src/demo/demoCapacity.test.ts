import { compareScenario } from '@continuum/simulator';
import { describe, expect, it } from 'vitest';
import { demoPathway } from './demoPathway.ts';

/**
 * The analyst's question on the demo: early help is capacity-bound (440 places for ~460 families),
 * and a family not picked up within its patience re-presents at the front door. More places must
 * mean fewer re-presentations and fewer children in need; fewer places, more of both.
 */
describe('the demo early help capacity', () => {
  const run = (k: number) =>
    compareScenario({
      pathway: demoPathway,
      scenario: { capacityMultiplier: { early_help: k } },
      replications: 20,
      seed: 3,
      warmupDays: 1095, // the demo log's own warm-up: early help's caseload takes years to settle
      horizonDays: 730,
      workers: 0,
    });

  it('is capacity-bound; a 20% cut raises front-door re-presentations and CIN entries, a 20% rise lowers them', async () => {
    const cut = await run(0.8);
    const rise = await run(1.2);
    expect(cut.baseline.capacityBound).toContain('early_help');
    const diff = (c: typeof cut, stage: string) => c.difference.stages.find((s) => s.stage === stage)!.stats;
    for (const stage of ['front_door', 'child_in_need']) {
      // paired 90% intervals (common random numbers) entirely above 0 for the cut, below 0 for the rise
      expect(diff(cut, stage).entries.ciLow, stage).toBeGreaterThan(0);
      expect(diff(rise, stage).entries.ciHigh, stage).toBeLessThan(0);
    }
    expect(diff(cut, 'early_help').gaveUp.ciLow).toBeGreaterThan(0);
    expect(diff(rise, 'early_help').gaveUp.ciHigh).toBeLessThan(0);
    expect(rise.scenario.capacityBound).not.toContain('early_help');
  });
});
