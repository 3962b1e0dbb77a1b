import { defaultPathway } from '@continuum/machines';
import { caseIdCodecFor } from '@continuum/store';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

const path = '/api/pathways/continuum_of_need/migrations';
/** Version 2 renames early help to family help. */
const renamed = JSON.parse(JSON.stringify(defaultPathway).replaceAll('"early_help"', '"family_help"'));

describeEachEngine('case migration API', ({ store, dataDir }) => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { now: () => Date.parse('2025-03-03T12:00:00Z') });
    const opened = await t.call('manager', 'POST', '/api/cases', {
      caseRef: 'MIG-1',
      occurredAt: '2025-01-06',
    });
    caseId = (await opened.json()).case.id;
    await t.call('manager', 'POST', `/api/cases/${caseId}/events`, {
      event: 'refer_early_help',
      occurredAt: '2025-01-07',
    });
    expect(
      (await t.call('designer', 'POST', '/api/pathways/continuum_of_need/versions', renamed)).status,
    ).toBe(201);
  });

  it('answers bad requests with a problem naming the field, changing nothing', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ fromVersion: 1, toVersion: 2 }, 422, 'invalid_value', 'stageMap'],
      [
        { fromVersion: 1, toVersion: 2, stageMap: { early_help: 'moon' } },
        422,
        'unknown_stage',
        'stageMap.early_help',
      ],
      [{ fromVersion: 1, toVersion: 7 }, 404, 'pathway_not_found', 'toVersion'],
      [{ fromVersion: 1, toVersion: 2, force: true }, 422, 'unknown_field', 'force'],
      [{ fromVersion: 'one', toVersion: 2 }, 422, 'invalid_value', 'fromVersion'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await t.call('designer', 'POST', path, body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code, field });
    }
    expect((await store().cases.get(caseIdCodecFor(t.deps.hmacKey).decode(caseId)!))?.pathwayVersionId).toBe(
      1,
    );
  });

  it('is for designers and admins only', async () => {
    const body = { fromVersion: 1, toVersion: 2, stageMap: { early_help: 'family_help' }, dryRun: true };
    expect((await t.call('manager', 'POST', path, body)).status).toBe(403);
    expect((await t.call('admin', 'POST', path, body)).status).toBe(200);
  });

  it('previews, then migrates: the case moves to family help on version 2 and moves on from there', async () => {
    const body = { fromVersion: 1, toVersion: 2, stageMap: { early_help: 'family_help' } };
    const dry = await (await t.call('designer', 'POST', path, { ...body, dryRun: true })).json();
    expect(dry).toMatchObject({
      dryRun: true,
      cases: 1,
      moves: [{ fromStage: 'early_help', toStage: 'family_help', cases: 1 }],
    });
    expect((await store().cases.get(caseIdCodecFor(t.deps.hmacKey).decode(caseId)!))?.stage).toBe(
      'early_help',
    );
    // Behaviour change (issue 11): the move must echo the preview's figures.
    const done = await t.call('designer', 'POST', path, {
      ...body,
      expectedCases: dry.cases,
      confirmation: dry.confirmation,
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ dryRun: false, cases: 1 });
    const timeline = await (await t.call('manager', 'GET', `/api/cases/${caseId}`)).json();
    expect(timeline.case).toMatchObject({ stage: 'family_help' });
    const moved = await t.call('manager', 'POST', `/api/cases/${caseId}/events`, {
      event: 'close_early_help',
    });
    expect(moved.status).toBe(201);
    expect((await moved.json()).case.stage).toBe('closed');
    // The map and KPIs read the history, which holds both versions' stage names.
    for (const path of ['/api/analytics/map', '/api/analytics/kpis', '/api/analytics/overdue']) {
      const res = await t.call('analyst', 'GET', `${path}?from=2025-01-01&to=2025-12-31`);
      expect(res.status, path).toBe(200);
    }
    const map = await (
      await t.call('analyst', 'GET', '/api/analytics/map?from=2025-01-01&to=2025-12-31')
    ).json();
    expect(JSON.stringify(map)).toContain('family_help');
  });
});
