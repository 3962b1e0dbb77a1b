import { csvRows, ingestEvents } from '@continuum/store';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

// Issue 11 item 7 (analytics): the Jersey pathway's calendar, unknown attribute codes, the stage
// case list's and the map CSV's attribute filters.

const header = 'case_ref,stage,entered_at,event,event_id,age_band,referral_source';
// Ten contacts on Wed 8 May 2024, decided on Fri 10 May. Thursday 9 May is Liberation Day, a bank
// holiday in Jersey only: the 1-working-day deadline is Fri 10 May in Jersey, Thu 9 May in England.
// Six (band 10_15) go to assessment; four (band 5_9) are still at the front door.
const log = Array.from({ length: 10 }, (_, k) => {
  const ref = `F${k}`;
  const band = k < 6 ? '10_15' : '5_9';
  // Referred by the police (six) or a school (two): a code held by fewer than 5 cases.
  const source = k < 6 ? 'police' : k < 8 ? 'school' : '';
  const first = `${ref},front_door,2024-05-08,,,${band},${source}`;
  return k < 6 ? [first, `${ref},assessment,2024-05-10,accept_referral,,,`] : [first];
}).flat();
const period = 'from=2024-05-01&to=2024-05-31';

describeEachEngine('analytics filters and the pathway calendar', ({ store, dataDir }) => {
  let t: TestApp;
  const get = (path: string, role: 'viewer' | 'analyst' | 'manager' = 'analyst') => t.call(role, 'GET', path);
  const frontDoor = (body: { stages: { stage: string }[] }) =>
    body.stages.find((s) => s.stage === 'front_door') as unknown as Record<string, unknown> & {
      timescale: Record<string, unknown>;
    };

  beforeAll(async () => {
    // The default (Jersey) pathway, no server calendar setting: the pathway's own calendar decides.
    t = await createTestApp(store(), dataDir(), { now: () => Date.parse('2024-05-31T12:00:00Z') });
    await ingestEvents(store(), csvRows([`${header}\n${log.join('\n')}\n`]), {
      mode: 'atomic',
      hmacKey: t.deps.hmacKey,
    });
  });

  it('the Jersey pathway counts working days by the Jersey calendar (Liberation Day is not a working day)', async () => {
    const body = await (await get(`/api/analytics/map?${period}`)).json();
    expect(body.calendar).toBe('jersey');
    // Decided on Fri 10 May: within the Jersey deadline (E&W would have said all six were late).
    expect(frontDoor(body).timescale).toMatchObject({ completed: 6, withinTimescale: 6, percentWithin: 100 });
    // An explicit calendar still overrides, for comparison.
    const ew = await (await get(`/api/analytics/map?${period}&calendar=england-and-wales`)).json();
    expect(ew.calendar).toBe('england-and-wales');
    expect(frontDoor(ew).timescale).toMatchObject({ withinTimescale: 0 });
    // The stage case list's due dates follow the same calendar.
    const list = await (await get('/api/stages/front_door/cases')).json();
    expect(list.cases.length).toBe(4);
    for (const c of list.cases) expect(c.dueOn).toBe('2024-05-10');
  });

  it('an unknown attribute code is 422 naming the attribute and its allowed codes, not an all-zero map', async () => {
    for (const path of [
      `/api/analytics/map?${period}&attr.age_band=zzz`,
      `/api/analytics/kpis?${period}&attr.age_band=10_15,zzz`,
      `/api/analytics/map?${period}&ageBand=zzz`,
      `/api/export/csv?what=map&${period}&attr.age_band=zzz`,
      '/api/stages/front_door/cases?attr.age_band=zzz',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = await res.json();
      expect(problem.code, path).toBe('unknown_attribute_value');
      expect(problem.attribute).toBe('age_band');
      expect(problem.allowed).toContain('10_15');
      expect(problem.detail).toMatch(/age_band/);
    }
    // An open-list attribute: a code no case carries is refused with the codes the data holds; a
    // role without case-level access is told only those held by 5 cases or more.
    for (const [role, allowed] of [
      ['analyst', ['police', 'school']],
      ['viewer', ['police']],
    ] as const) {
      const open = await get(`/api/analytics/map?${period}&attr.referral_source=zzz`, role);
      expect(open.status).toBe(422);
      expect((await open.json()).allowed, role).toEqual(allowed);
    }
    // Free text is not a code at all, and is not repeated when it looks like personal data.
    const text = await get(
      `/api/analytics/map?${period}&attr.referral_source=${encodeURIComponent('Jane Smith')}`,
    );
    expect(text.status).toBe(422);
    expect(JSON.stringify(await text.json())).not.toMatch(/Jane|Smith/);
    // Unknown attribute names keep their 400.
    expect((await get(`/api/analytics/map?${period}&attr.postcode=JE2`)).status).toBe(400);
  });

  it("a stage's case list applies the attribute filter", async () => {
    const all = await (await get('/api/stages/front_door/cases')).json();
    expect(all.count).toBe(4);
    const band = await (await get('/api/stages/front_door/cases?attr.age_band=5_9')).json();
    expect(band.count).toBe(4);
    const none = await (await get('/api/stages/front_door/cases?attr.age_band=10_15')).json();
    expect(none.count).toBe(0);
    const assessment = await (await get('/api/stages/assessment/cases?attr.age_band=10_15')).json();
    expect(assessment.count).toBe(6);
    for (const c of assessment.cases) expect(c.attributes.age_band).toBe('10_15');
  });

  it('/api/export/csv?what=map applies attr.* filters (and suppression for viewers)', async () => {
    const rowsOf = async (path: string, role: 'viewer' | 'analyst' = 'analyst') => {
      const res = await get(path, role);
      expect(res.status, path).toBe(200);
      return parse(await res.text(), { columns: true }) as Record<string, string>[];
    };
    const fd = (rows: Record<string, string>[]) =>
      rows.find((r) => r.kind === 'stage' && r.stage === 'front_door')!;
    expect(fd(await rowsOf(`/api/export/csv?what=map&${period}`)).entries).toBe('10');
    expect(fd(await rowsOf(`/api/export/csv?what=map&${period}&attr.age_band=10_15`)).entries).toBe('6');
    expect(fd(await rowsOf(`/api/export/csv?what=map&${period}&ageBand=5_9`)).entries).toBe('4');
    // A viewer's download hides the 4 (and what would reveal it) as "c".
    const viewer = fd(await rowsOf(`/api/export/csv?what=map&${period}&attr.age_band=5_9`, 'viewer'));
    expect(viewer.entries).toBe('c');
    expect(viewer.open_as_of).toBe('c');
    const kpis = await rowsOf(`/api/export/csv?what=kpis&${period}&attr.age_band=5_9`, 'viewer');
    for (const k of kpis) {
      for (const col of ['numerator', 'denominator']) {
        const n = Number(k[col]);
        expect(n >= 1 && n <= 4, `${k.id} ${col}`).toBe(false);
      }
    }
  });
});
