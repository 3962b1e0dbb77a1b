import { unlimitedDefaultPathway } from '../testing/testPathways.ts';
import { describe, expect, it } from 'vitest';
import { offeredLoad, withCapacitiesAt } from './offeredLoad.ts';
import { runSimulation } from '../run/runSimulation.ts';

describe('offeredLoad', () => {
  it("predicts the simulated mean stock of an unlimited pathway (Little's law per stage)", async () => {
    const pathway = { ...unlimitedDefaultPathway, arrivals: { perYear: 5_000 } };
    const loads = offeredLoad(pathway);
    // Looked-after stays are lognormal with sigma 1.1: 10% of their mean comes from stays over 11 years,
    // so the warm-up must be long (33 years) before the stock is in steady state.
    const r = await runSimulation({
      pathway,
      replications: 8,
      warmupDays: 12_000,
      horizonDays: 1_000,
      workers: 0,
    });
    for (const l of loads) {
      if (l.load < 20) continue;
      const s = r.stages.find((x) => x.stage === l.stage)!.stats.meanStock;
      expect(Math.abs(s.mean / l.load - 1), l.stage).toBeLessThan(0.06);
    }
  });

  it('sizes capacities so each stage runs at about the asked utilisation', () => {
    const sized = withCapacitiesAt({ ...unlimitedDefaultPathway, arrivals: { perYear: 1_600 } }, 0.9);
    const loads = offeredLoad(sized);
    for (const s of sized.stages) {
      if (s.terminal) continue;
      const load = loads.find((l) => l.stage === s.id)!.load;
      expect(load / s.capacity!).toBeLessThanOrEqual(0.9);
      if (load > 20) expect(load / s.capacity!).toBeGreaterThan(0.85);
    }
  });
});
