import { CaseService } from '@continuum/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

const NOW = Date.parse('2025-03-03T12:00:00Z');
/** Values outside 1900-01-01..2100-12-31 that once were stored (or shifted) and then broke reads. */
const OUT_OF_DOMAIN: unknown[] = [
  8_640_000_000_000_001,
  8_640_000_000_000_000,
  -8_640_000_000_000_000,
  '9999-12-31',
  '0099-06-15',
  '0099-06-15T10:00:00Z',
  '0000-01-01',
  '1899-12-31T23:59:59.999Z',
  '2101-01-01',
  '+275760-09-13T00:00:00.000Z',
  1.5,
  1e300,
];

describeEachEngine('time domain and limits at the API', ({ store, dataDir, engine }) => {
  let t: TestApp;
  let n = 0;
  const ref = () => `TD-${engine}-${++n}`;
  const snapshot = async () => ({
    counts: await store().cases.counts(),
    byStage: await store().cases.countByStage(),
  });
  const expectProblem = async (res: Response, status: number, field?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = await res.json();
    if (field) expect(body.field).toBe(field);
    return body;
  };
  /** Every read route the broken values used to take down. */
  const readsAnswer = async (caseId?: number) => {
    const paths = [
      '/api/stages/front_door/cases',
      '/api/analytics/map?asOf=2025-03-03',
      '/api/analytics/kpis?asOf=2025-03-03',
      '/api/analytics/overdue?asOf=2025-03-03',
      '/api/export/csv',
      '/api/export/xes',
      ...(caseId ? [`/api/cases/${caseId}`] : []),
    ];
    for (const path of paths) {
      const res = await t.call('admin', 'GET', path);
      expect(res.status, path).toBe(200);
      await res.text();
    }
  };

  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { now: () => NOW });
  });

  it('refuses occurredAt outside the domain at case creation with 422 naming the field, storing nothing', async () => {
    for (const occurredAt of OUT_OF_DOMAIN) {
      const before = await snapshot();
      const res = await t.call('manager', 'POST', '/api/cases', { caseRef: ref(), occurredAt });
      await expectProblem(res, 422, 'occurredAt');
      expect(await snapshot(), String(occurredAt)).toEqual(before);
    }
    await readsAnswer();
  });

  it('accepts the domain edges and stores the year as given (no two-digit-year shift)', async () => {
    const first = await t.call('manager', 'POST', '/api/cases', {
      caseRef: ref(),
      occurredAt: '1900-01-01',
    });
    expect(first.status).toBe(201);
    const c = (await first.json()).case;
    expect(c.openedAt).toBe('1900-01-01T00:00:00.000Z');
    // The last instant of the domain, on a server whose clock has reached it (a move may not be
    // dated in the future).
    const end = Date.parse('2100-12-31T23:59:59.999Z');
    const atTheEnd = await createTestApp(store(), dataDir(), {
      now: () => NOW,
      cases: new CaseService(store(), t.deps.hmacKey, () => end),
    });
    const late = await atTheEnd.call('manager', 'POST', `/api/cases/${c.id}/events`, {
      event: 'refer_early_help',
      occurredAt: '2100-12-31T23:59:59.999Z',
    });
    expect([200, 201]).toContain(late.status);
    await readsAnswer(c.id);
    // Stays spanning the whole domain: a period as long as a series may be answers; a longer one
    // is refused before any per-bucket work (the cost is bounded, no frozen request).
    const longest = await t.call('analyst', 'GET', '/api/analytics/map?from=1901-01-01&to=2000-12-31');
    expect(longest.status).toBe(200);
    await longest.text();
    const tooLong = await t.call(
      'analyst',
      'GET',
      '/api/analytics/map?from=1900-01-01&to=2100-12-31&bucket=week',
    );
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ code: 'invalid_period' });
  });

  it('refuses occurredAt outside the domain on a move with 422, changing nothing', async () => {
    const opened = await t.call('manager', 'POST', '/api/cases', {
      caseRef: ref(),
      occurredAt: '2025-01-06T09:00:00Z',
    });
    const c = (await opened.json()).case;
    for (const occurredAt of OUT_OF_DOMAIN) {
      const before = await snapshot();
      const res = await t.call('manager', 'POST', `/api/cases/${c.id}/events`, {
        event: 'refer_early_help',
        occurredAt,
      });
      await expectProblem(res, 422, 'occurredAt');
      expect(await snapshot()).toEqual(before);
    }
    await readsAnswer(c.id);
  });

  it('rejects ingest rows (CSV and NDJSON) whose entered_at is outside the domain, with the reason', async () => {
    const bad = ['9999-12-31', '0099-06-15', '1899-12-31', '8640000000000001'];
    const csvBody = `case_ref,stage,entered_at\n${bad.map((d, i) => `${engine}-CSV-${i},front_door,${d}`).join('\n')}\n`;
    const before = await snapshot();
    const csv = await t.call('manager', 'POST', '/api/ingest?mode=partial', csvBody, {
      'content-type': 'text/csv',
    });
    expect(csv.status).toBe(200);
    const report = await csv.json();
    expect(report).toMatchObject({ acceptedRows: 0, rejectedRows: bad.length });
    const reasons = report.rejected.map((r: { message: string }) => r.message);
    expect(reasons.slice(0, 3)).toEqual(
      bad.slice(0, 3).map(() => expect.stringMatching(/entered_at .* 1900-01-01 to 2100-12-31/)),
    );
    expect(reasons[3]).toMatch(/entered_at must be an ISO 8601 date/);
    const ndjson = [8_640_000_000_000_001, 8_640_000_000_000_000, '9999-12-31', '0099-06-15', 1e300]
      .map((at, i) => JSON.stringify({ case_ref: `${engine}-ND-${i}`, stage: 'front_door', entered_at: at }))
      .join('\n');
    const nd = await t.call('manager', 'POST', '/api/ingest?mode=partial', ndjson, {
      'content-type': 'application/x-ndjson',
    });
    expect(nd.status).toBe(200);
    expect(await nd.json()).toMatchObject({ acceptedRows: 0, rejectedRows: 5 });
    const atomic = await t.call('manager', 'POST', '/api/ingest?mode=atomic', csvBody, {
      'content-type': 'text/csv',
    });
    expect(atomic.status).toBe(422);
    expect(await snapshot()).toEqual(before);
    await readsAnswer();
  });

  it('refuses analytics and export dates outside the domain (no shifted 0099, no frozen 9999)', async () => {
    for (const value of ['9999-12-31', '0099-06-15', '1899-12-31', '2101-01-01']) {
      for (const name of ['asOf', 'from', 'to']) {
        await expectProblem(await t.call('viewer', 'GET', `/api/analytics/map?${name}=${value}`), 400, name);
        await expectProblem(
          await t.call('analyst', 'GET', `/api/export/csv?what=map&${name}=${value}`),
          422,
          name,
        );
      }
    }
  });

  it('refuses simulation start dates outside the domain with 422 naming startDate', async () => {
    for (const startDate of ['9999-12-31', '0099-06-15', '1899-12-31']) {
      const res = await t.call('analyst', 'POST', '/api/simulations', {
        pathwayId: 'continuum_of_need',
        startDate,
        horizonDays: 30,
        replications: 1,
      });
      await expectProblem(res, 422, 'startDate');
    }
  });

  it('answers non-integer, huge or negative paging on stage lists with 422 (never 500)', async () => {
    for (const [name, value] of [
      ['offset', '1.5'],
      ['limit', '2.5'],
      ['offset', '1e300'],
      ['offset', '-1'],
      ['limit', '0'],
      ['limit', '1001'],
      ['limit', 'abc'],
      ['offset', 'NaN'],
      ['offset', 'Infinity'],
      ['limit', ''],
    ]) {
      const res = await t.call('manager', 'GET', `/api/stages/front_door/cases?${name}=${value}`);
      await expectProblem(res, 422, name);
    }
    expect((await t.call('manager', 'GET', '/api/stages/front_door/cases?limit=1000&offset=5')).status).toBe(
      200,
    );
    // A version number past PostgreSQL's integer column was a 500 there.
    for (const v of ['99999999999999999999', '2147483648']) {
      await expectProblem(
        await t.call('viewer', 'GET', `/api/pathways/continuum_of_need/versions/${v}`),
        404,
      );
    }
  });

  describe('deeply nested JSON', () => {
    const nest = (depth: number, leaf: unknown = 1): string =>
      '['.repeat(depth) + JSON.stringify(leaf) + ']'.repeat(depth);
    const nestObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

    it('refuses bodies nested deeper than 64 with 422 before any handler parses them', async () => {
      const bodies = [nest(5_000), nestObject(5_000), nest(100_000), nest(65)];
      const before = await snapshot();
      for (const body of bodies) {
        for (const [method, path] of [
          ['PUT', '/api/pathways/continuum_of_need/draft'],
          ['POST', '/api/scenarios'],
          ['POST', '/api/cases'],
          ['POST', '/api/pathways/validate'],
        ] as const) {
          const res = await t.call('admin', method, path, `{"summary":${body}}`);
          const problem = await expectProblem(res, 422, 'body');
          expect(problem.code).toBe('too_deeply_nested');
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it('rejects an NDJSON ingest row nested 5,000 deep as a row, never a 500', async () => {
      const before = await snapshot();
      const line = `{"case_ref":"${engine}-DEEP","stage":"front_door","entered_at":"2025-01-06","age_band":${nest(5_000)}}`;
      const res = await t.call('manager', 'POST', '/api/ingest?mode=partial', line, {
        'content-type': 'application/x-ndjson',
      });
      expect(res.status).toBeLessThan(500);
      if (res.status === 200) expect(await res.json()).toMatchObject({ acceptedRows: 0, rejectedRows: 1 });
      expect(await snapshot()).toEqual(before);
    });

    it('still reads bodies nested up to the limit', async () => {
      const res = await t.call('admin', 'POST', '/api/pathways/validate', `{"stages":${nest(60)}}`);
      expect(res.status).toBeLessThan(500);
      expect((await res.json()).code).not.toBe('too_deeply_nested');
    });
  });
});
