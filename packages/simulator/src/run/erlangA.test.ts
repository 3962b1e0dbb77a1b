import { describe, expect, it } from 'vitest';
import { runSimulation } from './runSimulation.ts';
import { erlangA, mmcmPathway } from '../testing/testPathways.ts';

/**
 * M/M/c+M (Erlang A): cases that find every place taken wait, and give up after an exponential
 * patience. The simulated probability of giving up and the mean wait of all arrivals (served or
 * not) must lie inside the simulation's own 90% confidence interval, and so must the share of time at
 * capacity, P(N >= c), and the mean queue (Little's law). Fixed seed: a 90% interval misses 1 time in 10.
 */
describe('capacity with patience against Erlang A', () => {
  const settings = [
    { label: 'c = 5, load 0.8, mean patience 2 days', lambda: 4, meanService: 1, c: 5, patience: 2 },
    {
      label: 'c = 20, load 1.2 (overloaded), mean patience 0.5 days',
      lambda: 24,
      meanService: 1,
      c: 20,
      patience: 0.5,
    },
  ];
  for (const x of settings) {
    it(x.label, async () => {
      const theory = erlangA(x.lambda, 1 / x.meanService, x.c, 1 / x.patience);
      const r = await runSimulation({
        pathway: mmcmPathway(x.lambda, x.meanService, x.c, x.patience),
        replications: 40,
        seed: 3,
        warmupDays: 60,
        horizonDays: 1500,
        workers: 0,
      });
      const s = r.stages.find((st) => st.stage === 'service')!.stats;
      const gaveUp = r.stages.find((st) => st.stage === 'gave_up')!.stats;
      expect(theory.pAbandon).toBeGreaterThan(0.01); // not vacuous
      expect(s.gaveUpRate.ciLow).toBeLessThanOrEqual(theory.pAbandon);
      expect(s.gaveUpRate.ciHigh).toBeGreaterThanOrEqual(theory.pAbandon);
      expect(s.meanWaitAll.ciLow).toBeLessThanOrEqual(theory.meanWait);
      expect(s.meanWaitAll.ciHigh).toBeGreaterThanOrEqual(theory.meanWait);
      // Little's law on the queue, and the intervals are informative (under 10% of the value).
      expect(s.meanQueue.ciLow).toBeLessThanOrEqual(theory.meanQueue);
      expect(s.meanQueue.ciHigh).toBeGreaterThanOrEqual(theory.meanQueue);
      // the share of time at capacity is P(every server busy)
      expect(s.atCapacity.ciLow).toBeLessThanOrEqual(theory.pFull);
      expect(s.atCapacity.ciHigh).toBeGreaterThanOrEqual(theory.pFull);
      expect(s.gaveUpRate.ciHigh - s.gaveUpRate.ciLow).toBeLessThan(0.1 * theory.pAbandon);
      expect(s.meanWaitAll.ciHigh - s.meanWaitAll.ciLow).toBeLessThan(0.1 * theory.meanWait);
      // every case that gave up entered the give-up stage (it follows the move, counted there)
      expect(gaveUp.entries.mean).toBeCloseTo(s.gaveUp.mean, 6);
    });
  }
});
