import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { csvRows, ingestEvents, loadOrCreateHmacKey } from '@continuum/store';
import { beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp } from '../testing/testApp.ts';

describeEachEngine('warming up the first what-if question', ({ store, dataDir }) => {
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    const csv = [
      ...eventLogCsv(
        simulateEventLog({
          pathway: defaultPathway,
          startDate: '2022-01-01',
          years: 1,
          seed: 7,
          arrivalsPerYear: 300,
        }),
      ),
    ].join('');
    await ingestEvents(store(), csvRows([csv]), { mode: 'atomic', hmacKey: loadOrCreateHmacKey(dataDir()) });
  });

  it('calibrates each pathway and starts the simulation threads, so the first question reads no stays', async () => {
    const t = await createTestApp(store(), dataDir(), { simulations: { workers: 1 } });
    const stays = vi.spyOn(store().intervals, 'calibrationStays');
    const errors: unknown[] = [];
    try {
      await t.app.services.warmUp((e) => errors.push(e));
      expect(errors).toEqual([]);
      expect(stays).toHaveBeenCalledTimes(1);
      expect(t.app.services.pool.idleCount).toBe(1); // started, ran, returned
      const list = await (await t.call('analyst', 'GET', '/api/calibration')).json();
      expect(list.calibrations.map((c: { id: string }) => c.id)).toEqual(['continuum_of_need@1']);
      const res = await t.call('analyst', 'POST', '/api/simulations', {
        pathwayId: 'continuum_of_need',
        calibrationId: 'continuum_of_need@1',
        scenario: { arrivalMultiplier: 1.1 },
        replications: 4,
        horizonDays: 90,
      });
      expect(res.status).toBe(202);
      await t.app.services.runner.idle();
      const run = await (await t.call('analyst', 'GET', `/api/simulations/${(await res.json()).id}`)).json();
      expect(run.status).toBe('done');
      expect(stays).toHaveBeenCalledTimes(1); // the list and the run used the warmed calibration
    } finally {
      stays.mockRestore();
      await t.app.close();
    }
    expect(t.app.services.pool.liveCount).toBe(0);
  });

  it('is stopped by close, which leaves no thread behind', async () => {
    const t = await createTestApp(store(), dataDir(), { simulations: { workers: 1 } });
    const warming = t.app.services.warmUp(() => undefined);
    await t.app.close();
    await warming;
    expect(t.app.services.pool.liveCount).toBe(0);
  });
});
