import type { PathwayDefinitionInput } from '@continuum/machines';
import { unlimitedDefaultPathway } from '../testing/testPathways.ts';
import { describe, expect, it } from 'vitest';
import { compareScenario } from './compareScenario.ts';

/**
 * The analyst's question on the demo pathway, with early help capacity-bound: 300 places against
 * an offered load of ~320 cases, and a case not picked up within its patience (30 days on
 * average) re-presenting at the front door (by early help's step-up move).
 */
function boundEarlyHelp(): PathwayDefinitionInput {
  return {
    ...unlimitedDefaultPathway,
    stages: unlimitedDefaultPathway.stages.map((s) =>
      s.id === 'early_help'
        ? {
            ...s,
            capacity: 300,
            whenFull: { patience: { type: 'exponential', meanDays: 30 }, to: 'front_door' },
          }
        : s,
    ),
  };
}

describe('early help capacity changes child-in-need numbers when early help is capacity-bound', () => {
  const run = (k: number) =>
    compareScenario({
      pathway: boundEarlyHelp(),
      scenario: { capacityMultiplier: { early_help: k } },
      replications: 30,
      seed: 8,
      warmupDays: 365,
      horizonDays: 730,
      workers: 0,
    });
  const diff = (c: Awaited<ReturnType<typeof run>>, stage: string) =>
    c.difference.stages.find((s) => s.stage === stage)!.stats;

  it('a 20% cut raises front-door re-presentations and child-in-need entries; a 20% rise lowers them', async () => {
    const cut = await run(0.8);
    const rise = await run(1.2);
    expect(cut.baseline.capacityBound).toContain('early_help');
    for (const stage of ['front_door', 'assessment', 'child_in_need']) {
      // the paired 90% interval lies entirely above 0 for the cut, below 0 for the rise
      expect(diff(cut, stage).entries.ciLow, stage).toBeGreaterThan(0);
      expect(diff(rise, stage).entries.ciHigh, stage).toBeLessThan(0);
    }
    expect(diff(cut, 'early_help').gaveUp.ciLow).toBeGreaterThan(0);
    expect(diff(rise, 'early_help').gaveUp.ciHigh).toBeLessThan(0);
    expect(diff(cut, 'early_help').meanWaitAll.mean).toBeGreaterThan(0);
  });
});
