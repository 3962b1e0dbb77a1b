import { defaultPathway } from '@continuum/machines';
import { type CalibrationResult, eventLogCsv, simulateEventLog } from '@continuum/simulator';
import {
  CaseService,
  csvRows,
  ingestEvents,
  loadOrCreateHmacKey,
  type PathwayVersion,
} from '@continuum/store';
import { beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { CalibrationSource } from './CalibrationSource.ts';

describeEachEngine('calibration source cache', ({ store, dataDir }) => {
  let version: PathwayVersion;
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    version = (await store().pathways.latest(defaultPathway.id))!;
    const csv = [
      ...eventLogCsv(
        simulateEventLog({
          pathway: defaultPathway,
          startDate: '2022-01-01',
          years: 1,
          seed: 5,
          arrivalsPerYear: 300,
        }),
      ),
    ].join('');
    const report = await ingestEvents(store(), csvRows([csv]), {
      mode: 'atomic',
      hmacKey: loadOrCreateHmacKey(dataDir()),
    });
    expect(report.rejected ?? []).toEqual([]);
  });
  const fresh = async () => {
    const source = new CalibrationSource(store());
    const compiled = store().pathways.compiled(version);
    return {
      calibration: plain(await source.calibration(version, compiled)),
      live: await source.liveStock(version),
    };
  };
  // The compiled machine holds functions; everything else is compared as data.
  const plain = (c: CalibrationResult | undefined) => {
    if (!c) return c;
    const { compiled, ...rest } = c;
    return { ...rest, definition: compiled.definition };
  };

  it('reuses a calibration and live stock without reading the stays again until a case moves', async () => {
    const source = new CalibrationSource(store());
    const compiled = store().pathways.compiled(version);
    const stream = vi.spyOn(store().intervals, 'calibrationStays');
    const openStock = vi.spyOn(store().intervals, 'openStock');
    try {
      const first = await source.calibration(version, compiled);
      const live = await source.liveStock(version);
      expect(first).toBeDefined();
      const reads = stream.mock.calls.length;
      expect(reads).toBeGreaterThan(0);
      // Cached: the same result, no stays read.
      expect(await source.calibration(version, compiled)).toBe(first);
      expect(await source.liveStock(version)).toEqual(live);
      expect(stream.mock.calls.length).toBe(reads);
      expect(openStock).toHaveBeenCalledTimes(1);
      // Identical to a calibration computed from scratch.
      expect(await fresh()).toEqual({ calibration: plain(first), live });

      // A case opened after the log's end: both are read again and match a fresh read.
      const cases = new CaseService(store(), loadOrCreateHmacKey(dataDir()));
      await cases.open({ caseRef: 'cache-test-1', occurredAt: '2023-01-10T10:00:00Z' });
      const second = await source.calibration(version, compiled);
      const live2 = await source.liveStock(version);
      expect(stream.mock.calls.length).toBeGreaterThan(reads);
      expect(second).not.toBe(first);
      expect(live2.stock.length).toBe(live.stock.length + 1);
      expect(live2.asOf).toBe(Date.parse('2023-01-10T10:00:00Z'));
      expect(await fresh()).toEqual({ calibration: plain(second), live: live2 });
    } finally {
      stream.mockRestore();
      openStock.mockRestore();
    }
  });

  it('shares one read between concurrent callers', async () => {
    const source = new CalibrationSource(store());
    const compiled = store().pathways.compiled(version);
    const stream = vi.spyOn(store().intervals, 'calibrationStays');
    try {
      const [a, b] = await Promise.all([
        source.calibration(version, compiled),
        source.calibration(version, compiled),
      ]);
      expect(a).toBe(b);
      expect(stream).toHaveBeenCalledTimes(1);
    } finally {
      stream.mockRestore();
    }
  });
});
