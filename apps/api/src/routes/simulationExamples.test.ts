import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents, type Role } from '@continuum/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

interface Operation {
  tags: string[];
  'x-roles': Role[];
  requestBody?: { content: Record<string, { example?: unknown }> };
}

/**
 * The documented examples of the simulation area (simulations, scenarios, calibration, backtests)
 * run as tests: every example in /openapi.json for an operation tagged `simulation` is sent to the
 * real app, on a store holding five years of a small service, and must succeed (a started run must
 * finish). Other areas' examples are not covered here.
 */
describeEachEngine('the documented simulation examples', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 0, pollMs: 20 } });
    const csv = eventLogCsv(
      simulateEventLog({
        pathway: defaultPathway,
        startDate: '2020-06-01',
        years: 5,
        seed: 9,
        arrivalsPerYear: 300,
      }),
    );
    await ingestEvents(store(), csvRows([[...csv].join('')]), { mode: 'atomic', hmacKey: t.deps.hmacKey });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('every example of every simulation operation succeeds', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const sent: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        if (!op.tags.includes('simulation')) continue;
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
          if (media.example === undefined) continue;
          const role = op['x-roles'].includes('analyst') ? 'analyst' : op['x-roles'][0]!;
          const res = await t.call(role, method.toUpperCase(), path, media.example, { 'content-type': type });
          const body = await res.text();
          expect(res.status, `${method} ${path}: ${body}`).toBeLessThan(300);
          if (res.status === 202 && path === '/api/simulations') {
            await t.app.services.runner.idle();
            const { id } = JSON.parse(body) as { id: string };
            const run = await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json();
            expect(run.status, JSON.stringify(run.error)).toBe('done');
            expect(run.result.baseline.startingCases).toBeGreaterThan(0); // from today's caseload
          }
          sent.push(`${method} ${path}`);
        }
      }
    expect(sent.sort()).toEqual(['post /api/backtests', 'post /api/scenarios', 'post /api/simulations']);
  });
});
