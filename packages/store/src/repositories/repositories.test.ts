import { defaultPathway, InvalidPathwayError } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';

describeEachEngine('store repositories', ({ store }) => {
  it('migrates an empty database and has no cases', async () => {
    expect(await store().cases.counts()).toEqual({ cases: 0, events: 0, intervals: 0 });
  });

  it('publishes pathway versions with increasing numbers and keeps them immutable', async () => {
    const v1 = await store().pathways.publish(defaultPathway, 'test');
    const v2 = await store().pathways.publish({ ...defaultPathway, name: 'Renamed' }, 'test');
    expect(v2.version).toBe(v1.version + 1);
    expect((await store().pathways.get(defaultPathway.id, v1.version))?.name).toBe(defaultPathway.name);
    const list = await store().pathways.list();
    expect(list.find((p) => p.pathwayId === defaultPathway.id)?.versions).toEqual([v1.version, v2.version]);
    expect((await store().pathways.latest(defaultPathway.id))?.version).toBe(v2.version);
    expect(store().pathways.compiled(v1).next('front_door', 'accept_referral')).toBe('assessment');
  });

  it('refuses to publish an invalid pathway and stores nothing', async () => {
    const before = (await store().pathways.list()).length;
    await expect(
      store().pathways.publish({ ...defaultPathway, id: 'broken', entry: 'nowhere' }),
    ).rejects.toBeInstanceOf(InvalidPathwayError);
    expect((await store().pathways.list()).length).toBe(before);
  });

  it('saves and replaces drafts, even invalid ones', async () => {
    await store().pathways.putDraft('draft_one', { id: 'draft_one', half: true });
    await store().pathways.putDraft('draft_one', { id: 'draft_one', half: false });
    expect((await store().pathways.getDraft('draft_one'))?.definition).toEqual({
      id: 'draft_one',
      half: false,
    });
  });

  it('stores tokens hashed and verifies them', async () => {
    const { token, record } = await store().tokens.create('analyst', 'test');
    expect((await store().tokens.verify(token))?.role).toBe('analyst');
    const raw = await store()
      .db.selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(raw.token_hash).not.toContain(token);
    expect(await store().tokens.verify(`${token}x`)).toBeUndefined();
    await store().tokens.revoke(record.id);
    expect(await store().tokens.verify(token)).toBeUndefined();
  });

  it('appends audit entries', async () => {
    await store().audit.record({ action: 'case.read', caseId: 42, role: 'viewer', detail: { why: 'test' } });
    const [last] = await store().audit.list({ caseId: 42 });
    expect(last).toMatchObject({ action: 'case.read', caseId: 42, detail: { why: 'test' } });
  });
});

describe('engines helper', () => {
  it('is importable', () => expect(typeof describeEachEngine).toBe('function'));
});
