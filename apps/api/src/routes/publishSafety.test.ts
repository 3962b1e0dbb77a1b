import { defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

const base = '/api/pathways/continuum_of_need';
const relabel = (def: PathwayDefinitionInput, stage: string, label: string): PathwayDefinitionInput => ({
  ...def,
  stages: def.stages.map((s) => (s.id === stage ? { ...s, label } : s)),
});

describeEachEngine('publishing cannot undo a newer version (issue 11 item 6)', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir()); // publishes the default pathway as version 1
  });
  const versions = async () =>
    (await (await t.call('viewer', 'GET', '/api/pathways')).json()).pathways[0].versions as number[];

  it('refuses (409) to publish a draft based on an older version, publishes nothing, and rebases', async () => {
    // The designer saves a draft from version 1, then publishes version 2 (based on 1) without saving.
    const saved = await t.call('designer', 'PUT', `${base}/draft?baseVersion=1`, defaultPathway);
    expect(await saved.json()).toMatchObject({ baseVersion: 1, latestVersion: 1, stale: false });
    const v2 = relabel(defaultPathway, 'front_door', 'Front door (MASH)');
    expect((await t.call('designer', 'POST', `${base}/versions?baseVersion=1`, v2)).status).toBe(201);
    // Reopened, the old draft reads as stale, not ready to publish.
    const reopened = await (await t.call('designer', 'GET', `${base}/draft`)).json();
    expect(reopened).toMatchObject({ baseVersion: 1, latestVersion: 2, stale: true });
    const stale = await t.call('designer', 'POST', `${base}/versions?baseVersion=1`, reopened.definition);
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const problem = await stale.json();
    expect(problem).toMatchObject({ code: 'stale_draft', baseVersion: 1, latestVersion: 2 });
    expect(problem.detail).toContain('version 1');
    expect(problem.detail).toContain('version 2');
    expect(await versions()).toEqual([1, 2]);

    const rebased = await t.call('designer', 'POST', `${base}/draft/rebase`, { strategy: 'merge' });
    expect(rebased.status).toBe(200);
    const body = await rebased.json();
    expect(body).toMatchObject({ fromVersion: 1, baseVersion: 2, conflicts: [], ok: true });
    expect(body.definition.stages[0].label).toBe('Front door (MASH)');
    const published = await t.call('designer', 'POST', `${base}/versions?baseVersion=2`, body.definition);
    expect(published.status).toBe(201);
    expect((await published.json()).version).toBe(3);
  });

  it('refuses (422) a draft the designer could not open, and keeps the saved one', async () => {
    await t.call('designer', 'PUT', `${base}/draft?baseVersion=2`, defaultPathway);
    const notPathways: [unknown, string][] = [
      [[1, 2], 'body'],
      [{ name: 'x' }, 'stages'],
      [{ stages: {}, transitions: [] }, 'stages'],
      [{ stages: [], transitions: [1] }, 'transitions'],
      [{ stages: [], transitions: [], groups: 'g' }, 'groups'],
    ];
    for (const [body, pointer] of notPathways) {
      const res = await t.call('designer', 'PUT', `${base}/draft`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'invalid_pathway', field: pointer });
    }
    // An invalid but pathway-shaped draft is still saved (designers save half-made work).
    const half = await t.call('designer', 'PUT', `${base}/draft`, { stages: [{ id: 'x' }], transitions: [] });
    expect(half.status).toBe(200);
    expect((await half.json()).ok).toBe(false);
    const kept = await (await t.call('designer', 'GET', `${base}/draft`)).json();
    expect(kept.definition).toEqual({ stages: [{ id: 'x' }], transitions: [] });
  });

  it('starts again from the latest version, or discards the draft', async () => {
    await t.call('designer', 'PUT', `${base}/draft?baseVersion=2`, relabel(defaultPathway, 'closed', 'Shut'));
    const fresh = await (
      await t.call('designer', 'POST', `${base}/draft/rebase`, { strategy: 'latest' })
    ).json();
    expect(fresh).toMatchObject({ baseVersion: 3, fromVersion: 2 });
    expect(fresh.definition.stages.find((s: { id: string }) => s.id === 'closed').label).not.toBe('Shut');
    expect((await t.call('designer', 'DELETE', `${base}/draft`)).status).toBe(204);
    expect((await t.call('designer', 'GET', `${base}/draft`)).status).toBe(404);
    const none = await t.call('designer', 'POST', `${base}/draft/rebase`, {});
    expect(none.status).toBe(404);
    expect((await none.json()).code).toBe('draft_not_found');
  });

  it('answers a malformed baseVersion with 422 and a claimed future version with 409', async () => {
    const bad = await t.call('designer', 'POST', `${base}/versions?baseVersion=1.5`, defaultPathway);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'invalid_value', field: 'baseVersion' });
    const ahead = await t.call('designer', 'POST', `${base}/versions?baseVersion=9`, defaultPathway);
    expect(ahead.status).toBe(409);
    expect(await versions()).toEqual([1, 2, 3]);
  });

  it('refuses to publish a stage without a duration model (every simulation would fail), and validate says so', async () => {
    const noDuration = {
      ...defaultPathway,
      stages: defaultPathway.stages.map((s) => {
        if (s.id !== 'child_in_need') return s;
        const { duration: _d, durationByDestination: _b, ...rest } = s;
        return rest;
      }),
    };
    const res = await t.call('designer', 'POST', `${base}/versions`, noDuration);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('invalid_pathway');
    expect(body.problems).toEqual([
      expect.objectContaining({ code: 'missing_duration', path: ['stages', 3, 'duration'] }),
    ]);
    expect(await versions()).toEqual([1, 2, 3]);
    const checked = await (await t.call('designer', 'POST', '/api/pathways/validate', noDuration)).json();
    expect(checked).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ code: 'missing_duration' })],
    });
    // Every published version can be simulated.
    const run = await t.call('analyst', 'POST', '/api/simulations', {
      pathwayId: 'continuum_of_need',
      version: 3,
      replications: 2,
      horizonDays: 60,
    });
    expect(run.status).toBe(202);
  });
});

describeEachEngine('moving cases needs a confirmed preview (issue 11 item 7)', ({ store, dataDir }) => {
  let t: TestApp;
  const path = `${base}/migrations`;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { now: () => Date.parse('2025-03-03T12:00:00Z') });
    for (const [ref, event] of [
      ['OPEN-1', 'accept_referral'],
      ['OPEN-2', null],
      ['SHUT-1', 'no_further_action'],
    ] as const) {
      const opened = await (
        await t.call('manager', 'POST', '/api/cases', { caseRef: ref, occurredAt: '2025-01-06' })
      ).json();
      if (event)
        await t.call('manager', 'POST', `/api/cases/${opened.case.id}/events`, {
          event,
          occurredAt: '2025-01-07',
        });
    }
    const v2 = relabel(defaultPathway, 'front_door', 'Front door (MASH)');
    expect((await t.call('designer', 'POST', `${base}/versions`, v2)).status).toBe(201);
  });
  const onVersion = async (v: number) =>
    (await store().db.selectFrom('cases').select('id').where('pathway_version_id', '=', v).execute()).length;

  it('refuses a move without the preview figures (409 naming them) or with stale ones, moving nothing', async () => {
    const body = { fromVersion: 1, toVersion: 2 };
    const dry = await (await t.call('designer', 'POST', path, { ...body, dryRun: true })).json();
    expect(dry).toMatchObject({ cases: 2, openCases: 2, closedCases: 1, includeClosed: false });
    const missing = await t.call('designer', 'POST', path, body);
    expect(missing.status).toBe(409);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.json()).toMatchObject({
      code: 'migration_unconfirmed',
      field: 'expectedCases',
      cases: 2,
      confirmation: dry.confirmation,
    });
    const wrong = await t.call('designer', 'POST', path, { ...body, expectedCases: 3 });
    expect(wrong.status).toBe(409);
    expect(await wrong.json()).toMatchObject({ code: 'migration_unconfirmed', cases: 2 });
    const otherPreview = await t.call('designer', 'POST', path, {
      ...body,
      includeClosed: true,
      expectedCases: 2,
      confirmation: dry.confirmation,
    });
    expect(otherPreview.status).toBe(409);
    expect(await onVersion(1)).toBe(3);
  });

  it('moves only open cases by default, closed ones on request', async () => {
    const body = { fromVersion: 1, toVersion: 2 };
    const dry = await (await t.call('designer', 'POST', path, { ...body, dryRun: true })).json();
    const done = await t.call('designer', 'POST', path, {
      ...body,
      expectedCases: dry.cases,
      confirmation: dry.confirmation,
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ dryRun: false, cases: 2 });
    expect([await onVersion(1), await onVersion(2)]).toEqual([1, 2]);
    const closed = await (
      await t.call('designer', 'POST', path, { ...body, includeClosed: true, dryRun: true })
    ).json();
    expect(closed).toMatchObject({ cases: 1, openCases: 0, closedCases: 1 });
    const res = await t.call('designer', 'POST', path, { ...body, includeClosed: true, expectedCases: 1 });
    expect(res.status).toBe(200);
    expect([await onVersion(1), await onVersion(2)]).toEqual([0, 3]);
  });
});
