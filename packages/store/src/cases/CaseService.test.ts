import { defaultPathway } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { loadOrCreateHmacKey } from '../anonymise/hmacKey.ts';
import { CaseService } from './CaseService.ts';

const T0 = Date.parse('2025-01-06T09:00:00Z');
const day = 86_400_000;

describeEachEngine('case service', ({ store, dataDir, engine }) => {
  let service: CaseService;
  let n = 0;
  const ref = () => `SRC-${engine}-${++n}`;
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    service = new CaseService(store(), loadOrCreateHmacKey(dataDir()));
  });

  it('opens a case with a pseudonymous ref and an open stay at the entry', async () => {
    const source = ref();
    const { case: c, event } = await service.open({
      caseRef: source,
      occurredAt: T0,
      attributes: { age_band: '5_9' },
    });
    expect(c.ref).toMatch(/^[0-9a-f]{64}$/);
    expect(c.ref).not.toContain(source);
    expect(c).toMatchObject({ stage: 'front_door', lastSeq: 1, attributes: { age_band: '5_9' } });
    expect(event).toMatchObject({ seq: 1, event: null, toStage: 'front_door' });
    const t = await store().cases.timeline(c.id);
    expect(t?.intervals).toEqual([expect.objectContaining({ stage: 'front_door', exitedAt: null })]);
  });

  it('moves by event and by target stage, closing and opening stays in the same write', async () => {
    const { case: c } = await service.open({ caseRef: ref(), occurredAt: T0 });
    await service.move(c.id, { event: 'accept_referral', occurredAt: T0 + day });
    const r = await service.move(c.id, { toStage: 'child_in_need', occurredAt: T0 + 30 * day });
    expect(r.case).toMatchObject({ stage: 'child_in_need', lastSeq: 3, stageEnteredAt: T0 + 30 * day });
    const t = await store().cases.timeline(c.id);
    expect(t?.intervals.map((i) => [i.stage, i.nextStage, i.exitedAt])).toEqual([
      ['front_door', 'assessment', T0 + day],
      ['assessment', 'child_in_need', T0 + 30 * day],
      ['child_in_need', null, null],
    ]);
  });

  it('records management oversight without changing the stage or the stays', async () => {
    const { case: c } = await service.open({ caseRef: ref(), occurredAt: T0 });
    const r = await service.move(c.id, { event: 'management_oversight', occurredAt: T0 + 1000 });
    expect(r.case.stage).toBe('front_door');
    expect(r.case.stageEnteredAt).toBe(T0);
    expect((await store().cases.timeline(c.id))?.intervals).toHaveLength(1);
  });

  it('refuses an illegal move with the current stage and allowed events, changing nothing', async () => {
    const { case: c } = await service.open({ caseRef: ref(), occurredAt: T0 });
    const err = await service.move(c.id, { event: 'cp_plan', occurredAt: T0 + day }).catch((e) => e);
    expect(err).toMatchObject({ code: 'illegal_move', details: { currentStage: 'front_door' } });
    expect(err.details.allowedEvents).toContain('accept_referral');
    const toStage = await service
      .move(c.id, { toStage: 'care_leaver', occurredAt: T0 + day })
      .catch((e) => e);
    expect(toStage).toMatchObject({ code: 'illegal_move' });
    const unknown = await service.move(c.id, { toStage: 'moon', occurredAt: T0 + day }).catch((e) => e);
    expect(unknown).toMatchObject({ code: 'unknown_stage', field: 'toStage' });
    expect((await store().cases.get(c.id))?.lastSeq).toBe(1);
  });

  it('rejects an out-of-order timestamp and leaves the case alone', async () => {
    const { case: c } = await service.open({ caseRef: ref(), occurredAt: T0 });
    await service.move(c.id, { event: 'accept_referral', occurredAt: T0 + 2 * day });
    const err = await service.move(c.id, { event: 'cin_plan', occurredAt: T0 + day }).catch((e) => e);
    expect(err).toMatchObject({ code: 'out_of_order', field: 'occurredAt' });
    expect(await store().cases.get(c.id)).toMatchObject({ stage: 'assessment', lastSeq: 2 });
  });

  it('refuses a moment more than two hours after its clock (opening or move), leaving the case movable', async () => {
    const now = T0 + 400 * day;
    const clocked = new CaseService(store(), loadOrCreateHmacKey(dataDir()), () => now);
    const source = ref();
    const late = await clocked.open({ caseRef: source, occurredAt: '2099-12-31T00:00:00Z' }).catch((e) => e);
    expect(late).toMatchObject({ code: 'invalid_value', field: 'occurredAt' });
    expect(late.message).toMatch(/is in the future/);
    const { case: c } = await clocked.open({ caseRef: source, occurredAt: T0 });
    for (const at of ['2099-12-31T00:00:00Z', now + 2 * 3_600_000 + 1]) {
      const err = await clocked.move(c.id, { event: 'close_case', occurredAt: at }).catch((e) => e);
      expect(err).toMatchObject({ code: 'invalid_value', field: 'occurredAt' });
    }
    expect(await store().cases.get(c.id)).toMatchObject({ stage: 'front_door', lastSeq: 1 });
    // Within the two hours (a clock a little ahead): taken, and the case still takes real moves.
    await clocked.move(c.id, { event: 'accept_referral', occurredAt: now + 3_600_000 });
    expect(await store().cases.get(c.id)).toMatchObject({ stage: 'assessment', lastSeq: 2 });
  });

  it('answers a repeated client event id with the original result and changes nothing', async () => {
    const { case: c } = await service.open({ caseRef: ref(), occurredAt: T0 });
    const first = await service.move(c.id, {
      event: 'accept_referral',
      occurredAt: T0 + day,
      clientEventId: 'ev-1',
    });
    const again = await service.move(c.id, {
      event: 'accept_referral',
      occurredAt: T0 + day,
      clientEventId: 'ev-1',
    });
    expect(again.replayed).toBe(true);
    expect(again.event).toEqual(first.event);
    expect((await store().cases.timeline(c.id))?.events).toHaveLength(2);
    const conflict = await service.move(c.id, { event: 'cin_plan', clientEventId: 'ev-1' }).catch((e) => e);
    expect(conflict).toMatchObject({ code: 'client_event_conflict' });
  });

  it('opens idempotently and refuses a second case with the same ref', async () => {
    const source = ref();
    const a = await service.open({ caseRef: source, occurredAt: T0, clientEventId: 'open-1' });
    const b = await service.open({ caseRef: source, occurredAt: T0, clientEventId: 'open-1' });
    expect(b).toMatchObject({ replayed: true, case: { id: a.case.id } });
    await expect(service.open({ caseRef: source, occurredAt: T0 })).rejects.toMatchObject({
      code: 'case_exists',
    });
  });

  it('keeps a gapless sequence and a consistent stage under 50 concurrent moves', async () => {
    const { case: c } = await service.open({ caseRef: ref(), occurredAt: T0 });
    const events = ['refer_early_help', 'step_up', 'management_oversight'];
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        service.move(c.id, { event: events[i % 3], occurredAt: T0 + day, clientEventId: `c-${i}` }),
      ),
    );
    const failures = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason.code);
    expect(new Set(failures)).toEqual(failures.length ? new Set(['illegal_move']) : new Set());
    const t = (await store().cases.timeline(c.id))!;
    expect(t.events.map((e) => e.seq)).toEqual(Array.from({ length: t.events.length }, (_, i) => i + 1));
    expect(t.events.length).toBe(1 + results.filter((r) => r.status === 'fulfilled').length);
    for (let i = 1; i < t.events.length; i++) expect(t.events[i]!.fromStage).toBe(t.events[i - 1]!.toStage);
    expect(t.case.stage).toBe(t.events.at(-1)!.toStage);
    expect(t.intervals.filter((x) => x.exitedAt === null)).toEqual([
      expect.objectContaining({ stage: t.case.stage }),
    ]);
    for (let i = 1; i < t.intervals.length; i++)
      expect(t.intervals[i - 1]!.nextStage).toBe(t.intervals[i]!.stage);
  });

  it('keeps concurrent writes to several cases independent: a failing one changes nothing, the rest commit', async () => {
    // One write per case (concurrent writes to one case have no defined order on PostgreSQL).
    const opened = await Promise.all(
      [1, 2, 3, 4].map(() => service.open({ caseRef: ref(), occurredAt: T0 })),
    );
    const [a, b, c, d] = opened.map((o) => o.case);
    await service.move(d!.id, { event: 'accept_referral', occurredAt: T0 + day, clientEventId: 'g-1' });
    const results = await Promise.allSettled([
      service.move(a!.id, { event: 'accept_referral', occurredAt: T0 + day }),
      service.move(b!.id, { event: 'cin_plan', occurredAt: T0 + day }),
      service.move(c!.id, { event: 'accept_referral', occurredAt: T0 - day }),
      service.move(d!.id, { event: 'accept_referral', occurredAt: T0 + day, clientEventId: 'g-1' }),
      service.open({ caseRef: ref(), occurredAt: T0, attributes: { age_band: '5_9' } }),
    ]);
    expect(
      results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code)),
    ).toEqual(['ok', 'illegal_move', 'out_of_order', 'ok', 'ok']);
    expect((results[3] as PromiseFulfilledResult<{ replayed: boolean }>).value.replayed).toBe(true);
    const stages = await Promise.all(opened.map((o) => store().cases.timeline(o.case.id)));
    expect(
      stages.map((t) => [t!.case.stage, t!.case.lastSeq, t!.events.length, t!.intervals.length]),
    ).toEqual([
      ['assessment', 2, 2, 2],
      ['front_door', 1, 1, 1],
      ['front_door', 1, 1, 1],
      ['assessment', 2, 2, 2],
    ]);
  });

  it('refuses PII and unknown attributes naming the field, storing nothing', async () => {
    const before = await store().cases.counts();
    await expect(
      service.open({ caseRef: ref(), attributes: { sex: 'female', surname: 'x' } }),
    ).rejects.toMatchObject({
      code: 'unknown_field',
      field: 'attributes.surname',
    });
    await expect(
      service.open({ caseRef: ref(), attributes: { referral_source: 'a@b.com' } }),
    ).rejects.toMatchObject({
      code: 'pii_rejected',
      field: 'attributes.referral_source',
    });
    expect(await store().cases.counts()).toEqual(before);
  });

  it('closes on a terminal stage and reopens on re-referral', async () => {
    const { case: c } = await service.open({ caseRef: ref(), occurredAt: T0 });
    const closed = await service.move(c.id, { event: 'no_further_action', occurredAt: T0 + day });
    expect(closed.case.closedAt).toBe(T0 + day);
    const back = await service.move(c.id, { event: 're_referral', occurredAt: T0 + 9 * day });
    expect(back.case).toMatchObject({ stage: 'front_door', closedAt: null });
  });
});
