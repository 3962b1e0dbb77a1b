import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { SimulationRepository } from './SimulationRepository.ts';

// Backtests are runs too (migration 011): each repository sees only its own kind.
describeEachEngine('simulation runs and backtests kept apart', ({ store }) => {
  const runs = () => new SimulationRepository(store().db, store().write);
  const backtests = () =>
    new SimulationRepository(store().db, store().write, undefined, undefined, 'backtest');
  const row = { pathwayId: 'p', version: 1, total: 10, request: { at: '2024-01-01' }, by: null };

  it('a backtest is invisible to the simulation runs (and back): no read, start, cancel or delete across kinds', async () => {
    await backtests().createRun({ ...row, id: 'b1' });
    await runs().createRun({ ...row, id: 's1' });
    expect(await runs().getRun('b1')).toBeUndefined();
    expect(await backtests().getRun('s1')).toBeUndefined();
    expect(await runs().begin('b1', 1)).toBe(false);
    expect(await runs().cancel('b1')).toBe(false);
    expect(await backtests().cancel('s1')).toBe(false);
    // Each kind's own lease works as before.
    expect(await backtests().begin('b1', 1)).toBe(true);
    expect(await backtests().progress('b1', 4, 1)).toBe('running');
    await backtests().finish('b1', 'done', { result: { ok: true }, done: 10 }, 1);
    expect(await backtests().getRun('b1')).toMatchObject({
      status: 'done',
      attempt: 1,
      result: { ok: true },
    });
    expect(await runs().deleteRun('b1')).toBe(false);
    expect(await backtests().deleteRun('b1')).toBe(true);
    expect(await runs().getRun('s1')).toMatchObject({ status: 'running', request: { at: '2024-01-01' } });
  });
});
