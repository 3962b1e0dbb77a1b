import { defaultPathway } from '@continuum/machines';
import { type Kysely, Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { migrations } from '../../../db/migrations/index.ts';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from './anonymise/hmacKey.ts';
import { pseudonymise } from './anonymise/pseudonymise.ts';
import { CaseService } from './cases/CaseService.ts';
import { ingestEvents } from './ingest/ingestEvents.ts';
import { csvRows } from './ingest/rowSources.ts';
import { migrateToLatest } from './migrate.ts';

describeEachEngine('migrations', ({ store, dataDir }) => {
  it('keeps every event and stay when stage and event names become codes (005), and back', async () => {
    const s = store();
    await s.pathways.publish(defaultPathway);
    const key = loadOrCreateHmacKey(dataDir());
    const log = [
      'case_ref,stage,entered_at,event',
      'M1,front_door,2025-01-06,',
      'M1,assessment,2025-01-07,',
      'M1,assessment,2025-01-20,management_oversight',
      'M1,child_in_need,2025-02-20,cin_plan',
      'M2,front_door,2025-01-08,',
    ].join('\n');
    await ingestEvents(s, csvRows([`${log}\n`]), { mode: 'atomic', hmacKey: key });
    const service = new CaseService(s, key);
    const m3 = (await service.open({ caseRef: 'M3', occurredAt: 1 })).case;
    const m1 = (await s.cases.getByRef(pseudonymise(key, 'M1')))!;
    const before = await s.cases.timeline(m1.id);
    const allBefore = await s.cases.scanEvents();

    const migrator = new Migrator({
      db: s.db as Kysely<unknown>,
      provider: { getMigrations: async () => migrations },
    });
    const down = await migrator.migrateTo('004_simulations');
    expect(down.error).toBeUndefined();
    await migrateToLatest(s.db as Kysely<unknown>);

    expect(await s.cases.timeline(m1.id)).toEqual(before);
    expect(await s.cases.scanEvents()).toEqual(allBefore);
    // New rows continue after the copied ids on both engines.
    const moved = await service.move(m3.id, { event: 'accept_referral', occurredAt: 2 });
    expect(moved.event.id).toBeGreaterThan(Math.max(...allBefore.map((e) => e.id)));
    expect((await s.cases.timeline(m3.id))!.intervals.map((i) => [i.stage, i.nextStage])).toEqual([
      ['front_door', 'assessment'],
      ['assessment', null],
    ]);
  });
});
