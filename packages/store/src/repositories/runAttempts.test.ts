import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { SimulationRepository } from './SimulationRepository.ts';

// A run restarted on another worker (issue 16): only the latest start may write to it.
describeEachEngine('simulation run attempts', ({ store }) => {
  const repo = () => new SimulationRepository(store().db, store().write);
  const row = { pathwayId: 'p', version: 1, total: 10, request: {}, by: null };

  it('a later start owns the run: the earlier one can no longer write progress, heartbeats or a result (finish says so)', async () => {
    const r = repo();
    await r.createRun({ ...row, id: 'r1' });
    expect((await r.getRun('r1'))?.attempt).toBeNull(); // queued, not started yet
    expect(await r.begin('r1', 1)).toBe(true);
    expect(await r.progress('r1', 4, 1)).toBe('running');
    // The first worker is given up for dead; another starts the run again from the beginning.
    expect(await r.begin('r1', 2)).toBe(true);
    expect(await r.getRun('r1')).toMatchObject({ attempt: 2, done: 0, status: 'running' });
    expect(await r.progress('r1', 9, 1)).toBe('superseded');
    expect(await r.heartbeat('r1', 1)).toBe('superseded');
    expect(await r.finish('r1', 'done', { result: { from: 'first' }, done: 10 }, 1)).toBe(false);
    expect(await r.getRun('r1')).toMatchObject({ status: 'running', done: 0, result: null });
    // An older start cannot take the run back either.
    expect(await r.begin('r1', 1)).toBe(false);
    expect(await r.finish('r1', 'done', { result: { from: 'second' }, done: 10 }, 2)).toBe(true);
    expect(await r.getRun('r1')).toMatchObject({
      status: 'done',
      attempt: 2,
      done: 10,
      result: { from: 'second' },
    });
  });

  it('a run cancelled while queued is not started, and a cancel wins over a late result', async () => {
    const r = repo();
    await r.createRun({ ...row, id: 'r2' });
    expect(await r.cancel('r2')).toBe(true);
    expect(await r.begin('r2', 1)).toBe(false);
    await r.createRun({ ...row, id: 'r3' });
    expect(await r.begin('r3', 1)).toBe(true);
    expect(await r.cancel('r3')).toBe(true);
    expect(await r.progress('r3', 5, 1)).toBe('cancelled');
    expect(await r.finish('r3', 'done', { result: { late: true } }, 1)).toBe(false);
    expect(await r.getRun('r3')).toMatchObject({ status: 'cancelled', result: null });
  });

  it("a stale heartbeat is not a dead run while the run's job is alive (queued or about to be retried)", async () => {
    let alive = true;
    const r = new SimulationRepository(store().db, store().write, 30_000, async () => alive);
    await r.createRun({ ...row, id: 'r4', at: Date.now() - 60_000 });
    expect((await r.getRun('r4'))?.status).toBe('running');
    alive = false; // the queue gave up on it (attempts used) or never had it
    expect(await r.getRun('r4')).toMatchObject({
      status: 'failed',
      error: { title: expect.stringMatching(/stopped responding/) },
    });
  });
});
