import { defaultPathway } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from '../anonymise/hmacKey.ts';
import { pseudonymise } from '../anonymise/pseudonymise.ts';
import { CaseService } from '../cases/CaseService.ts';
import type { StoreError } from '../errors.ts';
import { ingestEvents } from './ingestEvents.ts';
import { csvRows } from './rowSources.ts';

const header = 'case_ref,stage,entered_at,event';

describeEachEngine('ingest: moves outside the pathway', ({ store, dataDir, engine }) => {
  let key: Buffer;
  const p = (s: string) => `${engine}-op-${s}`;
  const csv = (...lines: string[]) => csvRows([`${header}\n${lines.join('\n')}\n`]);
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    key = loadOrCreateHmacKey(dataDir());
  });
  const caseOf = (ref: string) => store().cases.getByRef(pseudonymise(key, ref));

  it('flag: stores the recorded move flagged, with no event and no invented stay', async () => {
    const a = p('A');
    const report = await ingestEvents(
      store(),
      csv(`${a},front_door,2025-01-06,`, `${a},assessment,2025-01-07,`, `${a},care_leaver,2025-03-01,`),
      { mode: 'atomic', hmacKey: key, outsidePathway: 'flag' },
    );
    expect(report).toMatchObject({
      committed: true,
      acceptedRows: 3,
      rejectedRows: 0,
      outsidePathwayRows: 1,
    });
    const c = (await caseOf(a))!;
    expect(c.stage).toBe('care_leaver');
    const t = (await store().cases.timeline(c.id))!;
    expect(t.events.map((e) => [e.event, e.fromStage, e.toStage, e.outsidePathway])).toEqual([
      [null, null, 'front_door', false],
      ['accept_referral', 'front_door', 'assessment', false],
      [null, 'assessment', 'care_leaver', true],
    ]);
    expect(t.intervals.map((i) => [i.stage, i.nextStage, i.exitEvent, i.entryEvent])).toEqual([
      ['front_door', 'assessment', 'accept_referral', null],
      ['assessment', 'care_leaver', null, 'accept_referral'],
      ['care_leaver', null, null, null],
    ]);

    // A later extract continues the stored case by another recorded move the pathway lacks.
    const next = await ingestEvents(store(), csv(`${a},s47_enquiry,2025-04-01,`), {
      mode: 'atomic',
      hmacKey: key,
      outsidePathway: 'flag',
    });
    expect(next).toMatchObject({ committed: true, acceptedRows: 1 });
    const t2 = (await store().cases.timeline(c.id))!;
    expect(t2.events.at(-1)).toMatchObject({ event: null, fromStage: 'care_leaver', outsidePathway: true });
    expect(t2.intervals.map((i) => [i.stage, i.nextStage, i.exitEvent])).toEqual([
      ['front_door', 'assessment', 'accept_referral'],
      ['assessment', 'care_leaver', null],
      ['care_leaver', 's47_enquiry', null],
      ['s47_enquiry', null, null],
    ]);
  });

  it('reject (the default for an event log): illegal_move, and atomic mode stores nothing', async () => {
    const b = p('B');
    const before = await store().cases.counts();
    const rows = () =>
      csv(
        `${p('B2')},front_door,2025-01-06,`,
        `${b},front_door,2025-01-06,`,
        `${b},assessment,2025-01-07,`,
        `${b},care_leaver,2025-03-01,`,
      );
    for (const outsidePathway of [undefined, 'reject'] as const) {
      const report = await ingestEvents(store(), rows(), { mode: 'atomic', hmacKey: key, outsidePathway });
      expect(report.committed).toBe(false);
      expect(report.rejected).toEqual([
        expect.objectContaining({ row: 5, code: 'illegal_move', field: 'stage' }),
      ]);
      expect(await store().cases.counts()).toEqual(before);
    }
  });

  it('flag still refuses a named event the pathway does not allow, and a move to the same stage', async () => {
    const report = await ingestEvents(
      store(),
      csv(
        `${p('C')},front_door,2025-01-06,`,
        `${p('C')},care_leaver,2025-01-07,leave_care`,
        `${p('D')},front_door,2025-01-06,`,
        `${p('D')},front_door,2025-01-07,`,
      ),
      { mode: 'partial', hmacKey: key, outsidePathway: 'flag' },
    );
    expect(report.rejected.map((e) => [e.row, e.code])).toEqual([
      [3, 'illegal_move'],
      [5, 'illegal_move'],
    ]);
    expect(await caseOf(p('C'))).toBeUndefined();
  });

  it('a live move is decided by the machine alone: never flagged, the same move refused', async () => {
    const service = new CaseService(store(), key);
    const opened = (await service.open({ caseRef: p('E'), occurredAt: Date.parse('2025-01-06') })).case;
    await service.move(opened.id, { toStage: 'assessment', occurredAt: Date.parse('2025-01-07') });
    await expect(
      service.move(opened.id, { toStage: 'care_leaver', occurredAt: Date.parse('2025-01-08') }),
    ).rejects.toMatchObject({ code: 'illegal_move' } satisfies Partial<StoreError>);
    const t = (await store().cases.timeline(opened.id))!;
    expect(t.events.map((e) => e.outsidePathway)).toEqual([false, false]);
    expect(t.case.stage).toBe('assessment');
  });
});
