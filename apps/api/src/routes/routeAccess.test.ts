import { ROLES } from '@continuum/store';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { routesOf } from '../createApp.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

describeEachEngine('every route checks its token and role', ({ store, dataDir }) => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
    const opened = await t.call('manager', 'POST', '/api/cases', {
      caseRef: 'ACCESS-1',
      occurredAt: '2025-01-06',
    });
    caseId = (await opened.json()).case.id;
  });
  const concrete = (path: string) =>
    path
      .replace(':caseId', String(caseId))
      .replace(':pathwayId', 'continuum_of_need')
      .replace(':version', '1')
      .replace(':stage', 'front_door');

  it('registers the contract routes, each with declared roles', () => {
    const routes = routesOf(t.app).map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'get /api/me',
        'get /api/pathways',
        'get /api/pathways/:pathwayId/versions/:version',
        'post /api/pathways/validate',
        'post /api/pathways/:pathwayId/versions',
        'get /api/pathways/:pathwayId/draft',
        'put /api/pathways/:pathwayId/draft',
        'post /api/cases',
        'get /api/cases/:caseId',
        'get /api/stages/:stage/cases',
        'post /api/cases/:caseId/events',
        'post /api/ingest',
      ]),
    );
    for (const r of routesOf(t.app)) expect(r.roles.length).toBeGreaterThan(0);
  });

  it('answers 401 problem+json without a token or with an unknown one, on every route', async () => {
    for (const r of routesOf(t.app)) {
      for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }] as Record<
        string,
        string
      >[]) {
        const res = await t.app.request(concrete(r.path), { method: r.method.toUpperCase(), headers });
        expect(res.status, `${r.method} ${r.path}`).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect((await res.json()).code).toBe('unauthorized');
      }
    }
  });

  it('answers 403 with every role the route does not admit, and lets admitted roles past auth', async () => {
    let checked = 0;
    for (const r of routesOf(t.app)) {
      for (const role of ROLES) {
        const res = await t.call(role, r.method.toUpperCase(), concrete(r.path));
        if (r.roles.includes(role)) {
          // A route may narrow access by parameter (e.g. the case-level export) only if it declares `forbidden`.
          const refused = r.errors?.includes('forbidden') ? [401] : [401, 403];
          expect(refused, `${role} ${r.method} ${r.path}`).not.toContain(res.status);
        } else {
          expect(res.status, `${role} ${r.method} ${r.path}`).toBe(403);
          expect(await res.json()).toMatchObject({ code: 'forbidden', role });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('does not accept a revoked token (once the short verification cache has expired)', async () => {
    const strict = await createTestApp(store(), dataDir(), { tokenCacheMs: 0 });
    const { token, record } = await store().tokens.create('viewer', 'to revoke');
    const me = () => strict.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    await store().tokens.revoke(record.id);
    expect((await me()).status).toBe(401);
  });
});
