import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

describeEachEngine('an address holding an encoded NUL', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
  });

  it("is the sender's mistake (400 problem+json) wherever the NUL is: an id, a stage, a query value", async () => {
    for (const path of [
      '/api/simulations/%00',
      '/api/simulations/a%00b/events',
      '/api/scenarios/%00',
      '/api/backtests/%00',
      '/api/imports/%00',
      '/api/cases/%00',
      '/api/stages/early%00help/cases',
      '/api/pathways/%00',
      '/api/calibration?pathwayId=%00',
      '/api/analytics/map?pathway=continuum_of_need%00',
    ]) {
      const res = await t.call('admin', 'GET', path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toMatch(/application\/problem\+json/);
      expect(await res.json(), path).toMatchObject({ code: 'malformed_request', field: 'url' });
    }
    expect((await t.call('analyst', 'GET', '/api/simulations/x')).status).toBe(404);
  });
});
