import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents } from '@continuum/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

describeEachEngine('a simulation from today’s caseload', ({ store, dataDir }) => {
  let t: TestApp;
  /** The UTC day of the latest event in the imported extract. */
  let lastDay: string;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { simulations: { workers: 0 } });
    const rows = [
      ...simulateEventLog({
        pathway: defaultPathway,
        startDate: '2022-01-01',
        years: 1,
        seed: 5,
        arrivalsPerYear: 300,
      }),
    ];
    lastDay = rows
      .map((r) => r.entered_at)
      .sort()
      .at(-1)!
      .slice(0, 10);
    const csv = eventLogCsv(rows);
    const report = await ingestEvents(store(), csvRows([[...csv].join('')]), {
      mode: 'atomic',
      hmacKey: t.deps.hmacKey,
    });
    expect(report.rejected ?? []).toEqual([]);
  });
  afterAll(async () => {
    await t.app.close();
  });
  /** A small run from today's caseload (the default start), as the API reports it once done. */
  const liveRun = async (): Promise<{ startDate: string; startingCases: number }> => {
    const res = await t.call('analyst', 'POST', '/api/simulations', {
      pathwayId: 'continuum_of_need',
      replications: 2,
      horizonDays: 30,
      seed: 1,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = await res.json();
    await t.app.services.runner.idle();
    const run = await (await t.call('analyst', 'GET', `/api/simulations/${id}`)).json();
    expect(run.status).toBe('done');
    return run.result;
  };

  it('starts on the UTC day of the latest recorded event, with the cases open then, and follows a newer event', async () => {
    const before = await liveRun();
    expect(before.startDate).toBe(lastDay);
    expect(before.startingCases).toBeGreaterThan(0);
    // A referral recorded late on 5 June 2023, UTC (already 6 June in London's summer time).
    const opened = await t.call('manager', 'POST', '/api/cases', {
      caseRef: 'LIVE-START-1',
      occurredAt: '2023-06-05T23:30:00Z',
    });
    expect(opened.status, await opened.clone().text()).toBe(201);
    const after = await liveRun();
    expect(after.startDate).toBe('2023-06-05');
    expect(after.startingCases).toBe(before.startingCases + 1);
  });
});
