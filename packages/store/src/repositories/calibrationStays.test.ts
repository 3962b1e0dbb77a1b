import { defaultPathway } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from '../anonymise/hmacKey.ts';
import { CaseService } from '../cases/CaseService.ts';

const day = 86_400_000;
const T0 = Date.parse('2025-03-03T09:00:00Z');

describeEachEngine('the stays calibration reads', ({ store, dataDir }) => {
  let v1: number;
  beforeAll(async () => {
    v1 = (await store().pathways.publish(defaultPathway)).id;
    const service = new CaseService(store(), loadOrCreateHmacKey(dataDir()), () => T0 + 90 * day);
    const paths = [
      ['accept_referral'],
      ['refer_early_help'],
      ['no_further_action'],
      ['accept_referral', 'close_case'],
      [],
    ];
    for (let k = 0; k < 12; k++) {
      const { case: c } = await service.open({ caseRef: `stays-${k}`, occurredAt: T0 + k * 3_600_000 });
      for (const [i, event] of paths[k % paths.length]!.entries())
        await service.move(c.id, { event, occurredAt: T0 + (i + 1) * day + k * 3_600_000 });
    }
  });

  it('are the scan’s stays of the version, in id order, whatever the batch size', async () => {
    const scanned = [];
    for await (const batch of store().intervals.stream({ pathwayVersionId: v1 }))
      for (const { entryEvent: _, pathwayVersionId: __, caseOpenedAt: ___, attributes: ____, ...i } of batch)
        scanned.push(i);
    expect(scanned.length).toBeGreaterThan(20);
    expect(scanned.some((i) => i.exitedAt === null)).toBe(true);
    expect(scanned.some((i) => i.exitEvent !== null && i.nextStage !== null)).toBe(true);
    for (const size of [1, 7, 20_000]) {
      const read = [];
      for await (const batch of store().intervals.calibrationStays(v1, size)) {
        expect(batch.length).toBeLessThanOrEqual(size);
        read.push(...batch);
      }
      expect(read).toEqual(scanned);
    }
    // Gathered whole as plain records, the same stays without their ids.
    expect(await store().intervals.calibrationRecords(v1)).toEqual(scanned.map(({ id: _, ...i }) => i));
    // A later version of the pathway reads the pathway's history too (its cases stay on version 1
    // until moved): a new version is not calibrated from the few cases on it.
    const v2 = (await store().pathways.publish({ ...defaultPathway, name: `${defaultPathway.name} (v2)` }))
      .id;
    expect(await store().intervals.calibrationRecords(v2)).toEqual(
      await store().intervals.calibrationRecords(v1),
    );
    const open = (id: number) => store().intervals.openStock({ pathwayOfVersion: id });
    expect((await open(v2)).map((i) => i.id)).toEqual((await open(v1)).map((i) => i.id));
    // A version without a stage leaves that stage's stays out; another pathway has none of them.
    const withoutEarlyHelp = structuredClone(defaultPathway);
    withoutEarlyHelp.stages = withoutEarlyHelp.stages.filter((x) => x.id !== 'early_help');
    withoutEarlyHelp.transitions = withoutEarlyHelp.transitions.filter(
      (t) => t.from !== 'early_help' && t.to !== 'early_help',
    );
    const v3 = (await store().pathways.publish(withoutEarlyHelp)).id;
    const v3Stays = await store().intervals.calibrationRecords(v3);
    expect(v3Stays.length).toBeGreaterThan(0);
    expect(v3Stays).toEqual(scanned.filter((i) => i.stage !== 'early_help').map(({ id: _, ...i }) => i));
    const other = (await store().pathways.publish({ ...defaultPathway, id: 'another_pathway' })).id;
    expect(await store().intervals.calibrationRecords(other)).toEqual([]);
    expect(await open(other)).toEqual([]);
  });
});
