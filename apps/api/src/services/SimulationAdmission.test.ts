import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';
import { replicationYears } from './SimulationAdmission.ts';

describeEachEngine('simulation admission counts the default warm-up', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), {
      simulationLimits: { maxReplicationYears: 100 },
      simulations: { workers: 0 },
    });
  });
  afterAll(async () => {
    await t.app.close();
  });
  const runs = async () =>
    Number(
      (
        await store()
          .db.withTables<{ simulation_runs: { id: string } }>()
          .selectFrom('simulation_runs')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  // 100 replications x 182 days is 49.8 replication-years; with the default 365-day warm-up, 149.8.
  const body = { pathwayId: 'continuum_of_need', replications: 100, horizonDays: 182, seed: 2 };

  it('refuses a run from empty without warmupDays by its horizon plus the 365-day warm-up, recording nothing', async () => {
    const before = await runs();
    for (const startFrom of ['empty', 'live']) {
      // No recorded cases: a live start warms up from empty too.
      const res = await t.call('analyst', 'POST', '/api/simulations', { ...body, startFrom });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({
        code: 'simulation_too_large',
        replicationYears: 150,
        maxReplicationYears: 100,
      });
    }
    // Compared with its baseline it costs twice as much (alone, 110 x 182 days is 54.8).
    const compared = await t.call('analyst', 'POST', '/api/simulations', {
      ...body,
      startFrom: 'empty',
      warmupDays: 0,
      replications: 110,
      scenario: { arrivalMultiplier: 1.1 },
    });
    expect(compared.status).toBe(422);
    expect(await compared.json()).toMatchObject({ replicationYears: 110 });
    expect(await runs()).toBe(before);
  });

  it('admits the same run with an explicit warm-up that fits', async () => {
    const res = await t.call('analyst', 'POST', '/api/simulations', {
      ...body,
      startFrom: 'empty',
      warmupDays: 30,
    });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    await t.app.services.runner.idle();
    const run = await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json();
    expect(run.status).toBe('done');
    expect(run.result.warmupDays).toBe(30);
  });

  it('counts replications x (horizon + warm-up) in years, doubled when compared', () => {
    expect(replicationYears({ replications: 100, horizonDays: 182, warmupDays: 365 }, false)).toBeCloseTo(
      (100 * 547) / 365.25,
      9,
    );
    expect(replicationYears({ replications: 10, horizonDays: 365.25, warmupDays: 0 }, true)).toBe(20);
  });
});
