import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

describeEachEngine('the progress stream of a run admitted here', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    // A poll an hour apart: only the runner's end notice can end the stream within the test.
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 0, pollMs: 3_600_000 } });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('ends as soon as the run’s final status is written, not at the next poll', async () => {
    const res = await t.call('analyst', 'POST', '/api/simulations', {
      pathwayId: 'continuum_of_need',
      replications: 300,
      horizonDays: 730,
      startFrom: 'empty',
      seed: 3,
    });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const events = await (await t.call('analyst', 'GET', `/api/simulations/${id}/events`)).text();
    // It saw the run still running, then its end.
    const progress = [...events.matchAll(/event: progress\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!));
    expect(progress[0].done).toBeLessThan(progress[0].total);
    expect(events).toMatch(/event: done\ndata: .*\n/);
    expect((await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json()).status).toBe('done');
  });
});
