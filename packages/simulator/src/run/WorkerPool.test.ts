import { defaultPathway } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { runSimulation } from './runSimulation.ts';
import { workerPool } from './WorkerPool.ts';

describe('worker pool', () => {
  it('starts threads once and reuses them for the next run, with the same result as inline', async () => {
    const base = { pathway: defaultPathway, replications: 7, seed: 9, horizonDays: 200, warmupDays: 30 };
    const first = await runSimulation({ ...base, workers: 2 });
    const ids = workerPool.idleThreadIds;
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const second = await runSimulation({ ...base, workers: 2 });
    expect(workerPool.idleThreadIds.slice().sort()).toEqual(ids.slice().sort()); // same threads, none new
    const inline = await runSimulation({ ...base, workers: 0 });
    expect(second).toEqual(first);
    expect(first).toEqual(inline);
  });

  it('a cancelled run terminates its threads instead of returning busy ones', async () => {
    const controller = new AbortController();
    const before = workerPool.idleCount;
    const run = runSimulation({
      pathway: defaultPathway,
      replications: 400,
      horizonDays: 2000,
      workers: 2,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancel/i);
    expect(workerPool.idleCount).toBe(Math.max(0, before - 2));
    await workerPool.close();
    expect(workerPool.idleCount).toBe(0);
  });
});
