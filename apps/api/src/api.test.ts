import { defaultPathway } from '@continuum/machines';
import { caseIdCodecFor } from '@continuum/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-03T12:00:00Z');

describeEachEngine('HTTP API', ({ store, dataDir, engine }) => {
  let t: TestApp;
  let n = 0;
  const ref = () => `API-${engine}-${++n}`;
  const open = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('manager', 'POST', '/api/cases', {
      caseRef: ref(),
      occurredAt: '2025-01-06T09:00:00Z',
      ...body,
    });
    expect(res.status).toBe(201);
    return (await res.json()).case as { id: string; stage: string };
  };
  const snapshot = async () => ({
    counts: await store().cases.counts(),
    byStage: await store().cases.countByStage(),
  });

  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { now: () => NOW, ingestBodyLimit: 1024 * 1024 });
  });

  it('tells the caller its role', async () => {
    expect(await (await t.call('analyst', 'GET', '/api/me')).json()).toMatchObject({ role: 'analyst' });
  });

  describe('pathways', () => {
    it('lists the default pathway published on first start and reads version 1', async () => {
      const list = await (await t.call('viewer', 'GET', '/api/pathways')).json();
      expect(list.pathways[0]).toMatchObject({ pathwayId: 'continuum_of_need', versions: [1] });
      const v1 = await (await t.call('viewer', 'GET', '/api/pathways/continuum_of_need/versions/1')).json();
      expect(v1.definition.stages.length).toBe(defaultPathway.stages.length);
      expect((await t.call('viewer', 'GET', '/api/pathways/continuum_of_need/versions/99')).status).toBe(404);
    });

    it('validates a draft and returns every problem', async () => {
      const body = await (
        await t.call('designer', 'POST', '/api/pathways/validate', {
          ...defaultPathway,
          entry: 'nowhere',
          transitions: [
            ...defaultPathway.transitions,
            { from: 'front_door', to: 'moon', event: 'fly', kind: 'progress' },
          ],
        })
      ).json();
      expect(body.ok).toBe(false);
      expect(body.problems.length).toBeGreaterThan(1);
    });

    it('refuses to publish an invalid pathway (422 with problems) and publishes a valid one as the next version', async () => {
      const bad = await t.call('designer', 'POST', '/api/pathways/continuum_of_need/versions', {
        ...defaultPathway,
        entry: 'nowhere',
      });
      expect(bad.status).toBe(422);
      expect(await bad.json()).toMatchObject({ code: 'invalid_pathway', problems: expect.any(Array) });
      const ok = await t.call('designer', 'POST', '/api/pathways/continuum_of_need/versions', defaultPathway);
      expect(ok.status).toBe(201);
      expect((await ok.json()).version).toBe(2);
      const v1 = await (await t.call('viewer', 'GET', '/api/pathways/continuum_of_need/versions/1')).json();
      expect(v1.version).toBe(1);
    });

    it('saves and reads drafts, reporting problems without refusing', async () => {
      const put = await t.call('designer', 'PUT', '/api/pathways/my_draft/draft', {
        id: 'my_draft',
        stages: [],
        transitions: [],
      });
      expect(await put.json()).toMatchObject({ ok: false });
      expect(await (await t.call('designer', 'GET', '/api/pathways/my_draft/draft')).json()).toMatchObject({
        definition: { id: 'my_draft' },
      });
    });

    it('publishing a saved draft as it is removes the draft; a draft edited since is kept', async () => {
      const def = { ...structuredClone(defaultPathway), id: 'published_draft' };
      const draftOf = () => t.call('designer', 'GET', '/api/pathways/published_draft/draft');
      expect((await t.call('designer', 'PUT', '/api/pathways/published_draft/draft', def)).status).toBe(200);
      expect((await t.call('designer', 'POST', '/api/pathways/published_draft/versions', def)).status).toBe(
        201,
      );
      expect((await draftOf()).status).toBe(404);
      // Saved, then published with a change: the draft is not what was published, so it stays.
      expect((await t.call('designer', 'PUT', '/api/pathways/published_draft/draft', def)).status).toBe(200);
      const changed = { ...def, name: `${def.name} (v2)` };
      const v2 = await t.call(
        'designer',
        'POST',
        '/api/pathways/published_draft/versions?baseVersion=1',
        changed,
      );
      expect(v2.status).toBe(201);
      expect((await draftOf()).status).toBe(200);
    });

    it("says at once that a draft whose id is not its pathway's cannot be published", async () => {
      const def = { ...structuredClone(defaultPathway), id: 'new_path' };
      const put = await (await t.call('designer', 'PUT', '/api/pathways/other_path/draft', def)).json();
      expect(put).toMatchObject({ ok: false });
      expect(put.problems).toEqual([
        {
          path: ['id'],
          code: 'invalid_value',
          message: 'The definition\'s id ("new_path") must be "other_path".',
        },
      ]);
      const publish = await t.call('designer', 'POST', '/api/pathways/other_path/versions', def);
      expect(publish.status).toBe(422);
      expect((await publish.json()).detail).toBe(put.problems[0].message);
    });
  });

  describe('cases', () => {
    it('opens, moves by event and by stage, and shows the timeline with audit entries', async () => {
      const c = await open({ attributes: { age_band: '10_15', sex: 'female' } });
      const moved = await t.call('manager', 'POST', `/api/cases/${c.id}/events`, {
        event: 'accept_referral',
        occurredAt: '2025-01-07',
      });
      expect(moved.status).toBe(201);
      const byStage = await t.call('manager', 'POST', `/api/cases/${c.id}/events`, {
        toStage: 's47_enquiry',
        occurredAt: '2025-01-09',
      });
      expect((await byStage.json()).event).toMatchObject({
        event: 'start_s47',
        fromStage: 'assessment',
        seq: 3,
      });
      const timeline = await (await t.call('analyst', 'GET', `/api/cases/${c.id}`)).json();
      expect(timeline.case).toMatchObject({ stage: 's47_enquiry', attributes: { age_band: '10_15' } });
      expect(timeline.events).toHaveLength(3);
      expect(timeline.intervals.map((i: { stage: string }) => i.stage)).toEqual([
        'front_door',
        'assessment',
        's47_enquiry',
      ]);
      expect(timeline.allowedEvents).toContain('cp_plan');
      // The API's id is public; the audit log keys cases by the internal id it stands for.
      const audit = await store().audit.list({ caseId: caseIdCodecFor(t.deps.hmacKey).decode(c.id)! });
      expect(audit.map((a) => a.action).sort()).toEqual(['case.move', 'case.move', 'case.open', 'case.read']);
    });

    it('finds a case by its source reference without storing it', async () => {
      const source = ref();
      const opened = await t.call('manager', 'POST', '/api/cases', {
        caseRef: source,
        occurredAt: '2025-01-06',
      });
      const { id } = (await opened.json()).case;
      const found = await t.call('analyst', 'GET', `/api/cases?caseRef=${encodeURIComponent(source)}`);
      expect((await found.json()).case.id).toBe(id);
      expect((await t.call('analyst', 'GET', '/api/cases?caseRef=nobody')).status).toBe(404);
      expect((await t.call('analyst', 'GET', '/api/cases')).status).toBe(422);
      const internal = caseIdCodecFor(t.deps.hmacKey).decode(id)!;
      const rows = await store().db.selectFrom('cases').select('ref').where('id', '=', internal).execute();
      expect(rows[0]!.ref).not.toContain(source);
    });

    it('answers an illegal move with 409, the current stage and the allowed events, changing nothing', async () => {
      const c = await open();
      const before = await snapshot();
      const res = await t.call('manager', 'POST', `/api/cases/${c.id}/events`, { event: 'leave_care' });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const body = await res.json();
      expect(body).toMatchObject({
        code: 'illegal_move',
        field: 'event',
        currentStage: 'front_door',
        status: 409,
      });
      expect(body.allowedEvents).toEqual(expect.arrayContaining(['accept_referral', 'no_further_action']));
      expect(await snapshot()).toEqual(before);
    });

    it('answers a repeated clientEventId with the original result and changes nothing', async () => {
      const c = await open();
      const body = { event: 'refer_early_help', occurredAt: '2025-01-08', clientEventId: 'form-77' };
      const first = await t.call('manager', 'POST', `/api/cases/${c.id}/events`, body);
      const before = await snapshot();
      const again = await t.call('manager', 'POST', `/api/cases/${c.id}/events`, body);
      expect(again.status).toBe(200);
      const [a, b] = [await first.json(), await again.json()];
      expect(b.event).toEqual(a.event);
      expect(b.replayed).toBe(true);
      expect(await snapshot()).toEqual(before);
    });

    it('keeps 50 concurrent HTTP moves to one case gapless and consistent', async () => {
      const c = await open();
      const events = ['refer_early_help', 'step_up', 'management_oversight'];
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.call('manager', 'POST', `/api/cases/${c.id}/events`, {
            event: events[i % 3],
            occurredAt: '2025-01-10',
            clientEventId: `p-${i}`,
          }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const timeline = await (await t.call('manager', 'GET', `/api/cases/${c.id}`)).json();
      expect(timeline.events.map((e: { seq: number }) => e.seq)).toEqual(
        Array.from({ length: timeline.events.length }, (_, i) => i + 1),
      );
      expect(timeline.events.length).toBe(1 + statuses.filter((s) => s === 201).length);
      expect(timeline.case.stage).toBe(timeline.events.at(-1).toStage);
    });

    it('lists cases in a stage with days in stage and overdue flags', async () => {
      const late = await open({ occurredAt: new Date(NOW - 10 * DAY).toISOString(), stage: 'assessment' });
      const fresh = await open({ occurredAt: new Date(NOW - 2 * DAY).toISOString(), stage: 'assessment' });
      const body = await (await t.call('manager', 'GET', '/api/stages/assessment/cases')).json();
      const byId = new Map(body.cases.map((x: { id: string }) => [x.id, x]));
      expect(byId.get(late.id)).toMatchObject({
        daysInStage: 10,
        overdue: false,
        timescale: { value: 45, unit: 'working_days' },
      });
      expect(byId.get(fresh.id)).toMatchObject({ daysInStage: 2, overdue: false });
      const veryLate = await open({
        occurredAt: new Date(NOW - 100 * DAY).toISOString(),
        stage: 'assessment',
      });
      const again = await (await t.call('manager', 'GET', '/api/stages/assessment/cases')).json();
      expect(again.cases.find((x: { id: string }) => x.id === veryLate.id)).toMatchObject({
        overdue: true,
        daysInStage: 100,
      });
      expect((await t.call('manager', 'GET', '/api/stages/moon/cases')).status).toBe(422);
    });
  });

  it('refuses a query parameter the route does not take, or one given twice, naming it', async () => {
    for (const [path, code, field] of [
      ['/api/ingest?mdoe=partial', 'unknown_parameter', 'mdoe'],
      ['/api/ingest?mode=atomic&mode=partial', 'repeated_parameter', 'mode'],
      ['/api/analytics/map?form=2024-01-01', 'unknown_parameter', 'form'],
      ['/api/cases?caseRef=LA-1&caseRef=LA-2', 'repeated_parameter', 'caseRef'],
    ] as const) {
      const res = path.startsWith('/api/ingest')
        ? await t.call('manager', 'POST', path, 'case_ref,stage,entered_at\n', { 'content-type': 'text/csv' })
        : await t.call('manager', 'GET', path);
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({ code, field });
    }
    // Filters may repeat (their codes are merged), and a name like personal data is not repeated.
    expect((await t.call('viewer', 'GET', '/api/analytics/map?ageBand=5_9&ageBand=10_15')).status).toBe(200);
    const named = await (await t.call('viewer', 'GET', '/api/analytics/map?Jane%20Smith=1')).json();
    expect(named).toMatchObject({ code: 'unknown_parameter', field: 'query' });
    expect(JSON.stringify(named)).not.toMatch(/Jane|Smith/);
  });

  it('answers a method a path does not take with 405 and the methods it does take', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/api/cases', 'GET, POST'],
      ['PATCH', '/api/analytics/map', 'GET'],
      ['POST', '/api/tokens/12', 'DELETE'],
    ] as const) {
      const res = await t.call('admin', method, path);
      expect(res.status, path).toBe(405);
      expect(res.headers.get('allow'), path).toBe(allow);
      expect((await res.json()).code).toBe('method_not_allowed');
    }
    expect((await t.call('admin', 'GET', '/api/no-such-thing')).status).toBe(404);
  });

  describe('bad input: a clear 4xx and stored data unchanged', () => {
    const cases: [string, (id: string) => Promise<Response>, number, string, string?][] = [
      [
        'malformed JSON',
        (id) => t.call('manager', 'POST', `/api/cases/${id}/events`, '{"event": '),
        400,
        'malformed_json',
      ],
      [
        'an unknown field',
        (id) => t.call('manager', 'POST', `/api/cases/${id}/events`, { event: 'accept_referral', note: 'x' }),
        422,
        'unknown_field',
        'note',
      ],
      [
        'an unknown attribute',
        () => t.call('manager', 'POST', '/api/cases', { caseRef: 'X-1', attributes: { surname: 'Smith' } }),
        422,
        'unknown_field',
        'attributes.surname',
      ],
      [
        'an email in an attribute',
        () =>
          t.call('manager', 'POST', '/api/cases', {
            caseRef: 'X-2',
            attributes: { referral_source: 'a.b@c.org' },
          }),
        422,
        'pii_rejected',
        'attributes.referral_source',
      ],
      [
        'a name in an attribute',
        () =>
          t.call('manager', 'POST', '/api/cases', {
            caseRef: 'X-3',
            attributes: { placement_type: 'Jane Smith' },
          }),
        422,
        'pii_rejected',
        'attributes.placement_type',
      ],
      [
        'an NHS number',
        () =>
          t.call('manager', 'POST', '/api/cases', {
            caseRef: 'X-4',
            attributes: { legal_status: '9434765919' },
          }),
        422,
        'pii_rejected',
        'attributes.legal_status',
      ],
      [
        'a postcode',
        () =>
          t.call('manager', 'POST', '/api/cases', {
            caseRef: 'X-5',
            attributes: { closure_reason: 'JE2 4UH' },
          }),
        422,
        'pii_rejected',
        'attributes.closure_reason',
      ],
      [
        'a date of birth',
        () =>
          t.call('manager', 'POST', '/api/cases', {
            caseRef: 'X-6',
            attributes: { abuse_category: '12/05/2016' },
          }),
        422,
        'pii_rejected',
        'attributes.abuse_category',
      ],
      [
        'a phone number',
        () =>
          t.call('manager', 'POST', '/api/cases', {
            caseRef: 'X-7',
            attributes: { referral_source: '07700 900123' },
          }),
        422,
        'pii_rejected',
        'attributes.referral_source',
      ],
      [
        'an unknown stage',
        (id) => t.call('manager', 'POST', `/api/cases/${id}/events`, { toStage: 'limbo' }),
        422,
        'unknown_stage',
        'toStage',
      ],
      [
        'an unknown event',
        (id) => t.call('manager', 'POST', `/api/cases/${id}/events`, { event: 'teleport' }),
        422,
        'unknown_event',
        'event',
      ],
      [
        'an out-of-order timestamp',
        (id) =>
          t.call('manager', 'POST', `/api/cases/${id}/events`, {
            event: 'accept_referral',
            occurredAt: '2024-12-31',
          }),
        409,
        'out_of_order',
        'occurredAt',
      ],
      [
        'a bad timestamp',
        (id) =>
          t.call('manager', 'POST', `/api/cases/${id}/events`, {
            event: 'accept_referral',
            occurredAt: 'tomorrow',
          }),
        422,
        'invalid_value',
        'occurredAt',
      ],
      [
        'a wrong media type',
        (id) =>
          t.call('manager', 'POST', `/api/cases/${id}/events`, 'event=x', { 'content-type': 'text/plain' }),
        415,
        'unsupported_media_type',
      ],
      [
        'an unknown case',
        () => t.call('manager', 'POST', '/api/cases/999999/events', { event: 'accept_referral' }),
        404,
        'case_not_found',
      ],
      [
        'a 100 MB body',
        (id) => {
          let sent = 0;
          const chunk = new Uint8Array(1024 * 1024).fill(32);
          const body = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent >= 100) return controller.close();
              sent++;
              controller.enqueue(chunk);
            },
          });
          const request = new Request(`http://x/api/cases/${id}/events`, {
            method: 'POST',
            body,
            headers: { authorization: `Bearer ${t.tokens.manager}`, 'content-type': 'application/json' },
            duplex: 'half',
          } as RequestInit);
          return Promise.resolve(t.app.request(request));
        },
        413,
        'payload_too_large',
      ],
    ];
    for (const [what, send, status, code, field] of cases) {
      it(`${what} -> ${status} ${code}`, async () => {
        const c = await open();
        const before = await snapshot();
        const res = await send(c.id);
        expect(res.status).toBe(status);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        const body = await res.json();
        expect(body).toMatchObject({
          code,
          status,
          type: expect.any(String),
          title: expect.any(String),
          detail: expect.any(String),
        });
        if (field) expect(body.field).toBe(field);
        expect(await snapshot()).toEqual(before);
      });
    }
  });

  describe('bulk ingest', () => {
    const csv = (lines: string[]) =>
      `case_ref,stage,entered_at,event,event_id,age_band\n${lines.join('\n')}\n`;
    const post = (body: string, mode: string, type = 'text/csv') =>
      t.call('manager', 'POST', `/api/ingest?mode=${mode}`, body, { 'content-type': type });

    it('ingests a CSV log atomically and reports rows', async () => {
      const res = await post(
        csv([`${engine}-I1,front_door,2025-01-06,,,5_9`, `${engine}-I1,assessment,2025-01-07,,,`]),
        'atomic',
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ committed: true, rows: 2, acceptedRows: 2, rejectedRows: 0 });
    });

    it('atomic: a bad row stores nothing and the 422 carries the row-numbered report', async () => {
      const before = await snapshot();
      const res = await post(
        csv([
          `${engine}-I2,front_door,2025-01-06,,,`,
          `${engine}-I3,front_door,2025-01-06,,,`,
          `${engine}-I2,looked_after,2025-01-05,,,`,
        ]),
        'atomic',
      );
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.code).toBe('ingest_rejected');
      expect(body.report.rejected).toEqual([expect.objectContaining({ row: 4, code: 'out_of_order' })]);
      expect(await snapshot()).toEqual(before);
    });

    it('partial: keeps the valid cases (NDJSON)', async () => {
      const lines = [
        { case_ref: `${engine}-I4`, stage: 'front_door', entered_at: '2025-01-06' },
        { case_ref: `${engine}-I5`, stage: 'front_door', entered_at: '2025-01-06' },
        { case_ref: `${engine}-I5`, stage: 'care_leaver', entered_at: '2025-01-07' },
      ];
      const res = await post(
        lines.map((l) => JSON.stringify(l)).join('\n'),
        'partial',
        'application/x-ndjson',
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        committed: true,
        acceptedRows: 1,
        rejectedRows: 1,
        casesCreated: 1,
        casesRejected: 1,
      });
    });

    it('refuses an unknown media type, a bad mode, and an over-limit stream, storing nothing', async () => {
      const before = await snapshot();
      expect((await post('x', 'atomic', 'text/plain')).status).toBe(415);
      expect((await post(csv([]), 'sometimes')).status).toBe(422);
      const big = `case_ref,stage,entered_at\n${Array.from({ length: 40_000 }, (_, i) => `${engine}-big-${i},front_door,2025-01-06`).join('\n')}\n`;
      const res = await post(big, 'atomic');
      expect(res.status).toBe(413);
      expect((await res.json()).code).toBe('payload_too_large');
      expect(await snapshot()).toEqual(before);
    });
  });

  it('serves OpenAPI 3.1 and a readable reference page without a token', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/cases/{caseId}/events'].post['x-roles']).toEqual(['admin', 'manager']);
    const html = await (await t.app.request('/docs')).text();
    expect(html).toContain('/api/cases/:caseId/events');
    expect(
      (await t.app.request('/api/nothing-here', { headers: { authorization: `Bearer ${t.tokens.admin}` } }))
        .status,
    ).toBe(404);
  });
});
