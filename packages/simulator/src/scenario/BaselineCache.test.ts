import { defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BaselineCache } from './BaselineCache.ts';
import { compareScenario } from './compareScenario.ts';

const run = {
  pathway: defaultPathway,
  replications: 6,
  horizonDays: 180,
  warmupDays: 60,
  workers: 0,
  startDate: '2025-01-01',
};

describe('baseline cache', () => {
  it('a comparison on a kept baseline is identical to one run afresh, and skips the baseline', async () => {
    const baselines = new BaselineCache();
    const first = { name: 'Early help capacity 200', capacity: { early_help: 200 } };
    const second = { name: 'Arrivals +10%', arrivalMultiplier: 1.1 };
    const fresh = await compareScenario({ ...run, seed: 3, scenario: second });
    await compareScenario({ ...run, seed: 3, scenario: first, baselines });
    const progress: number[] = [];
    const kept = await compareScenario({
      ...run,
      seed: 3,
      scenario: second,
      baselines,
      onProgress: (done) => progress.push(done),
    });
    expect(kept).toEqual(fresh);
    // The baseline's six replications were not run again: progress starts at 6 of 12.
    expect(progress[0]).toBe(6);
    expect(progress.at(-1)).toBe(12);
  });

  it('is not used for another seed, horizon, replication count, warm-up or baseline pathway', async () => {
    const baselines = new BaselineCache();
    const scenario = { arrivalMultiplier: 1.2 };
    await compareScenario({ ...run, seed: 1, scenario, baselines });
    const variants = [
      { seed: 2 },
      { horizonDays: 181 },
      { replications: 7 },
      { warmupDays: 61 },
      {
        pathway: {
          ...defaultPathway,
          stages: defaultPathway.stages.map((s) =>
            s.id === 'assessment' ? { ...s, costPerDay: (s.costPerDay ?? 0) + 1 } : s,
          ),
        },
      },
    ];
    for (const v of variants) {
      const progress: number[] = [];
      const withCache = await compareScenario({
        ...run,
        seed: 1,
        ...v,
        scenario,
        baselines,
        onProgress: (d) => progress.push(d),
      });
      expect(progress[0]).toBe(1); // the baseline ran
      expect(withCache).toEqual(await compareScenario({ ...run, seed: 1, ...v, scenario }));
    }
  });

  it('keeps the most recently used baselines up to its size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }), (uses) => {
        const cache = new BaselineCache(3);
        const recent: number[] = [];
        for (const u of uses) {
          const key = String(u);
          if (!cache.get(key)) cache.set(key, {} as never);
          recent.splice(recent.indexOf(u) >>> 0, recent.includes(u) ? 1 : 0);
          recent.push(u);
          if (recent.length > 3) recent.shift();
        }
        for (let k = 0; k <= 6; k++) expect(cache.get(String(k)) !== undefined).toBe(recent.includes(k));
      }),
    );
  });
});
