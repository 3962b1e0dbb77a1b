import { defaultPathway } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { SimulationCancelledError, SimulationInputError } from '../errors.ts';
import { runSimulation } from './runSimulation.ts';
import { erlangC, mmcPathway } from '../testing/testPathways.ts';

describe('runSimulation against queueing theory', () => {
  const lambda = 4; // per day
  const meanService = 1.5; // days
  const servers = 8; // utilisation 0.75
  const theory = erlangC(lambda, 1 / meanService, servers);

  it("matches the Erlang C mean wait and Little's law within its own 90% confidence interval", async () => {
    const r = await runSimulation({
      pathway: mmcPathway(lambda, meanService, servers),
      replications: 40,
      seed: 11,
      warmupDays: 60,
      horizonDays: 1500,
      workers: 0,
    });
    const s = r.stages.find((x) => x.stage === 'service')!.stats;
    expect(theory.meanWait).toBeGreaterThan(0.05); // the check is not vacuous
    expect(s.meanWait.ciLow).toBeLessThanOrEqual(theory.meanWait);
    expect(s.meanWait.ciHigh).toBeGreaterThanOrEqual(theory.meanWait);
    // Little's law: time-average queue = lambda x mean wait; stock = lambda x mean time in system.
    const lq = lambda * theory.meanWait;
    expect(s.meanQueue.ciLow).toBeLessThanOrEqual(lq);
    expect(s.meanQueue.ciHigh).toBeGreaterThanOrEqual(lq);
    const l = lambda * (theory.meanWait + meanService);
    expect(s.meanStock.ciLow).toBeLessThanOrEqual(l);
    expect(s.meanStock.ciHigh).toBeGreaterThanOrEqual(l);
    // The interval is informative (narrower than 15% of the wait), not a blanket.
    expect(s.meanWait.ciHigh - s.meanWait.ciLow).toBeLessThan(0.15 * theory.meanWait);
    // Exponential stays: P(stay > 2 x mean) is about exp(-2) ignoring waits; breaches are counted.
    expect(s.breachRate.mean).toBeGreaterThan(Math.exp(-2));
  });

  it('an unlimited stage never queues', async () => {
    const p = mmcPathway(lambda, meanService, servers);
    const stages = p.stages.map((st) => ({ ...st, capacity: undefined }));
    const r = await runSimulation({
      pathway: { ...p, stages },
      replications: 3,
      horizonDays: 200,
      workers: 0,
    });
    expect(r.stages[0]!.stats.meanWait.mean).toBe(0);
    expect(r.stages[0]!.queue.mean.every((x) => x === 0)).toBe(true);
  });
});

describe('runSimulation determinism and workers', () => {
  const base = { pathway: defaultPathway, replications: 6, seed: 5, horizonDays: 365, warmupDays: 100 };

  it('same seed gives the same result; 0, 1 and 2 worker threads give the same result', async () => {
    const inline = await runSimulation({ ...base, workers: 0 });
    const again = await runSimulation({ ...base, workers: 0 });
    const one = await runSimulation({ ...base, workers: 1 });
    const two = await runSimulation({ ...base, workers: 2 });
    expect(again).toEqual(inline);
    expect(one).toEqual(inline);
    expect(two).toEqual(inline);
    const other = await runSimulation({ ...base, seed: 6, workers: 0 });
    expect(other.stages[0]!.stats.entries.mean).not.toBe(inline.stages[0]!.stats.entries.mean);
  });

  it('reports progress, weekly dates, and can be cancelled', async () => {
    const seen: number[] = [];
    const r = await runSimulation({ ...base, workers: 0, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.times).toHaveLength(Math.ceil(365 / 7));
    expect(r.times[0]).toBe('2025-01-08');
    const controller = new AbortController();
    const running = runSimulation({ ...base, replications: 500, workers: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toBeInstanceOf(SimulationCancelledError);
  });

  it('starts from a live stock and refuses bad input with every problem', async () => {
    const r = await runSimulation({
      ...base,
      warmupDays: undefined, // defaults to 0 from a live stock
      workers: 0,
      horizonDays: 14,
      initialStock: Array.from({ length: 50 }, (_, i) => ({ stage: 'looked_after', daysInStage: i * 20 })),
    });
    const la = r.stages.find((s) => s.stage === 'looked_after')!;
    expect(la.stock.mean[0]).toBeGreaterThan(45); // long stays: almost all still there after a week
    expect(r.warmupDays).toBe(0);
    await expect(
      runSimulation({ ...base, replications: 0, initialStock: [{ stage: 'nowhere', daysInStage: 1 }] }),
    ).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof SimulationInputError &&
        e.problems.map((p) => p.code).join() === 'invalid_value,unknown_stage',
    );
  });
});
