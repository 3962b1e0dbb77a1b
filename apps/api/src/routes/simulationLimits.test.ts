import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

/** Long enough to still be running while the test asks for more (cancelled at the end). */
const heavy = { pathwayId: 'continuum_of_need', replications: 2000, horizonDays: 3650, seed: 1 };
const light = { pathwayId: 'continuum_of_need', replications: 2, horizonDays: 30, seed: 1 };

describeEachEngine('limits on simulation work (issue 11 item 8)', ({ store, dataDir }) => {
  let t: TestApp;
  let second: string;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), {
      simulationLimits: { maxReplicationYears: 50_000, maxRunsPerToken: 1, maxRunsGlobal: 2 },
    });
    second = (await store().tokens.create('analyst', 'second analyst')).token;
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
  const start = (body: unknown, token?: string) =>
    token
      ? t.app.request('/api/simulations', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      : t.call('analyst', 'POST', '/api/simulations', body);

  it('refuses a run larger than the per-run limit (422) and records nothing', async () => {
    // 10,000 replications x 50 years and the default 1-year warm-up (no recorded cases to start from;
    // a horizon past 2100 is refused earlier, by the time domain).
    const res = await start({ ...light, replications: 10_000, horizonDays: 18_262 });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({
      code: 'simulation_too_large',
      maxReplicationYears: 50_000,
      replicationYears: 509_979,
    });
    expect(await runs()).toBe(0);
  });

  it('limits runs per token and per server with 429 and Retry-After, and admits again once they end', async () => {
    const ids: string[] = [];
    const first = await start(heavy);
    expect(first.status).toBe(202);
    ids.push((await first.json()).id);

    const again = await start(light);
    expect(again.status).toBe(429);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await again.json()).toMatchObject({ code: 'simulation_limit_user', scope: 'token', limit: 1 });

    // Another token may still run one, up to the server's limit of two.
    const other = await t.call('admin', 'POST', '/api/simulations', heavy);
    expect(other.status).toBe(202);
    ids.push((await other.json()).id);
    const full = await start(light, second);
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await full.json()).toMatchObject({ code: 'simulation_limit_global', scope: 'server', limit: 2 });
    expect(await runs()).toBe(2);

    for (const id of ids) await t.call('admin', 'DELETE', `/api/simulations/${id}`);
    let status = 0;
    for (let i = 0; i < 200 && status !== 202; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await start(light, second)).status;
    }
    expect(status).toBe(202);
  });
});
