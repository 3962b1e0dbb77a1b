import { defaultPathway } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from '../anonymise/hmacKey.ts';
import { CaseService } from '../cases/CaseService.ts';
import { moveCasesToVersion } from '../cases/moveCasesToVersion.ts';

const day = 86_400_000;
const T0 = Date.parse('2025-03-03T09:00:00Z');

describeEachEngine('change mark of a version’s stays', ({ store, dataDir }) => {
  let service: CaseService;
  let v1: number;
  beforeAll(async () => {
    v1 = (await store().pathways.publish(defaultPathway)).id;
    service = new CaseService(store(), loadOrCreateHmacKey(dataDir()), () => T0 + 30 * day);
  });

  it('stays the same while nothing is written, changes with every case opened or moved', async () => {
    const empty = await store().intervals.changeMark(v1);
    expect(await store().intervals.changeMark(v1)).toBe(empty);
    const { case: c } = await service.open({ caseRef: 'mark-1', occurredAt: T0 });
    const opened = await store().intervals.changeMark(v1);
    expect(opened).not.toBe(empty);
    // Reads change nothing.
    await store().cases.counts();
    await store().intervals.openStock({ pathwayVersionId: v1 });
    expect(await store().intervals.changeMark(v1)).toBe(opened);
    await service.move(c.id, { event: 'accept_referral', occurredAt: T0 + day });
    const moved = await store().intervals.changeMark(v1);
    expect(moved).not.toBe(opened);
    const stays = await store().intervals.openStock({ pathwayVersionId: v1 });
    expect(stays.map((s) => s.stage)).toEqual(['assessment']);
    // A refused move writes nothing, so the mark stays.
    await expect(service.move(c.id, { event: 'no_such_event', occurredAt: T0 + 2 * day })).rejects.toThrow();
    expect(await store().intervals.changeMark(v1)).toBe(moved);
  });

  it('changes when cases move to another version without an event (their stays leave the version)', async () => {
    const v2 = (await store().pathways.publish({ ...defaultPathway, name: `${defaultPathway.name} (v2)` }))
      .id;
    const before1 = await store().intervals.changeMark(v1);
    const before2 = await store().intervals.changeMark(v2);
    const events = (await store().intervals.changeMark(v1)).split(':').slice(0, 2).join(':');
    await moveCasesToVersion(
      store(),
      { pathwayId: defaultPathway.id, fromVersion: 1, toVersion: 2 },
      undefined,
      T0 + 40 * day,
    );
    const after1 = await store().intervals.changeMark(v1);
    // The case stayed in assessment: no event was appended, only its version changed.
    expect(after1.split(':').slice(0, 2).join(':')).toBe(events);
    expect(after1).not.toBe(before1);
    expect(await store().intervals.changeMark(v2)).not.toBe(before2);
    expect(await store().intervals.openStock({ pathwayVersionId: v1 })).toEqual([]);
  });
});
