import { csvRows, ingestEvents } from '@continuum/store';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

const header = 'case_ref,stage,entered_at,event,event_id,age_band';
// Twelve contacts on Thu 23 May 2024; on Tue 28 May (after the bank holiday weekend) six go to
// assessment, two close, four are still at the front door at 31 May (due Fri 24 May: 7 days over).
const log = Array.from({ length: 12 }, (_, k) => {
  const ref = `K${k}`;
  const band = k % 2 === 0 ? '10_15' : '5_9';
  const first = `${ref},front_door,2024-05-23,,,${band}`;
  if (k < 6) return [first, `${ref},assessment,2024-05-28,accept_referral,,`];
  if (k < 8) return [first, `${ref},closed,2024-05-28,no_further_action,,`];
  return [first];
}).flat();

describeEachEngine('analytics API', ({ store, dataDir }) => {
  let t: TestApp;
  const get = (path: string, role: 'admin' | 'manager' | 'analyst' | 'viewer' | 'designer' = 'analyst') =>
    t.call(role, 'GET', path);
  const period = 'from=2024-05-01&to=2024-05-31';

  beforeAll(async () => {
    // The real app (createApp mounts these routes), with one token per role.
    t = await createTestApp(store(), dataDir());
    await ingestEvents(store(), csvRows([`${header}\n${log.join('\n')}\n`]), {
      mode: 'atomic',
      hmacKey: t.deps.hmacKey,
    });
  });

  it('GET /api/analytics/map answers the period with counts and timescales', async () => {
    // A case-level role sees exact figures (viewers get them suppressed: suppression.test.ts).
    const res = await get(`/api/analytics/map?${period}`, 'manager');
    expect(res.status).toBe(200);
    const body = await res.json();
    const fd = body.stages.find((s: { stage: string }) => s.stage === 'front_door');
    expect([fd.entries, fd.exits, fd.openAtEnd]).toEqual([12, 8, 4]);
    // Thu 23 -> Tue 28 is 5 days; due Fri 24: none of the 8 within; 4 overdue at 31 May.
    expect(fd.timeInStage.median).toBe(5);
    expect(fd.timescale).toMatchObject({ completed: 8, withinTimescale: 0, openOverdue: 4 });
    const move = body.transitions.find((t: { to: string }) => t.to === 'assessment');
    expect(move).toMatchObject({ from: 'front_door', moves: 6, cases: 6, shareOfSourceExits: 75 });
    expect(body.pathway).toEqual({ id: 'continuum_of_need', version: 1 });
  });

  it('filters by age band and by attr.<name>', async () => {
    const byBand = await (await get(`/api/analytics/map?${period}&ageBand=10_15`)).json();
    const byAttr = await (await get(`/api/analytics/map?${period}&attr.age_band=10_15`)).json();
    expect(byBand.stages[0].entries).toBe(6);
    expect(byAttr.stages).toEqual(byBand.stages);
  });

  it('GET /api/analytics/kpis returns numerators, denominators and definitions', async () => {
    const body = await (await get(`/api/analytics/kpis?${period}&population=20000`)).json();
    const referrals = body.kpis.find((k: { id: string }) => k.id === 'referrals_per_10000');
    expect(referrals).toMatchObject({ numerator: 6, denominator: 20_000, value: 3 });
    expect(referrals.definition).toMatch(/referral/);
  });

  it('GET /api/analytics/overdue lists pseudonymous cases and audits each read', async () => {
    const before = (await store().audit.list({ limit: 1000 })).filter(
      (a) => a.action === 'analytics.overdue.read',
    );
    const res = await get('/api/analytics/overdue?asOf=2024-05-31&limit=3', 'manager');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBe(4);
    expect(body.cases).toHaveLength(3);
    expect(body.cases[0]).toMatchObject({ stage: 'front_door', deadline: '2024-05-24', daysOverdue: 7 });
    expect(body.cases[0].ref).toMatch(/^[0-9a-f]{64}$/);
    const after = (await store().audit.list({ limit: 1000 })).filter(
      (a) => a.action === 'analytics.overdue.read',
    );
    expect(after.length - before.length).toBe(3);
    expect((await get('/api/analytics/overdue?asOf=2024-05-31', 'viewer')).status).toBe(403);
  });

  it('GET /api/analytics/export suppresses small counts in CSV and JSON', async () => {
    const csvRes = await get(`/api/analytics/export?${period}&format=csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await csvRes.text();
    // Two closures and four open (1-4): primary. Open at end = start + entries - exits would give the
    // four away, so the smallest other member, exits (8), is hidden; with exits hidden the closures
    // cannot be recovered from exits - 6 either, so the 6 moves to assessment stay shown.
    expect(csv).toContain('transition,front_door,closed,moves,c,primary');
    expect(csv).toContain('stage,front_door,,open_at_end,c,primary');
    expect(csv).toContain('stage,front_door,,exits,c,secondary');
    expect(csv).toContain('stage,front_door,,entries,12,shown');
    expect(csv).toContain('transition,front_door,assessment,moves,6,shown');
    // exits = within (0) + outside: outside goes too, or it would reveal exits.
    expect(csv).toContain('stage,front_door,,outside_timescale,c,secondary');
    const json = await (await get(`/api/analytics/export?${period}&format=json`)).json();
    expect(json.rules.length).toBeGreaterThan(0);
    expect(json.figures.some((f: { status: string }) => f.status === 'primary')).toBe(true);
  });

  it('bad input is a problem+json 4xx with a stable code; no token is 401', async () => {
    const cases: [string, number, string][] = [
      ['/api/analytics/map?from=2024-05-31&to=2024-05-01', 400, 'invalid_period'],
      ['/api/analytics/map?asOf=31/05/2024', 400, 'invalid_date'],
      ['/api/analytics/map?from=2024-02-30', 400, 'invalid_date'],
      ['/api/analytics/map?attr.postcode=JE2', 400, 'unknown_attribute'],
      ['/api/analytics/map?asOf=9999-12-31', 400, 'invalid_period'],
      ['/api/analytics/map?calendar=mars', 400, 'unknown_calendar'],
      ['/api/analytics/map?pathway=nope', 404, 'pathway_not_found'],
      ['/api/analytics/map?pathway=continuum_of_need&version=999', 404, 'pathway_not_found'],
      ['/api/analytics/map?version=1', 400, 'invalid_value'],
      ['/api/analytics/map?ageBand=,', 422, 'unknown_attribute_value'],
      ['/api/analytics/map?attr.primary_need=', 422, 'unknown_attribute_value'],
      ['/api/analytics/export?format=xlsx', 400, 'invalid_format'],
      ['/api/analytics/kpis?population=-3', 400, 'invalid_number'],
      // Plain digits only: hex, exponents, signs and spaces are not read as numbers.
      ['/api/analytics/kpis?population=0x10', 400, 'invalid_number'],
      ['/api/analytics/kpis?population=1e3', 400, 'invalid_number'],
      ['/api/analytics/kpis?population=%2B5', 400, 'invalid_number'],
      ['/api/analytics/kpis?population=%205', 400, 'invalid_number'],
      ['/api/analytics/overdue?stage=nowhere', 422, 'unknown_stage'],
    ];
    for (const [path, status, code] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await res.json()).code, path).toBe(code);
    }
    expect((await t.call(null, 'GET', '/api/analytics/map')).status).toBe(401);
    expect((await get('/api/analytics/map', 'designer')).status).toBe(403);
  });
});
