import { defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

// Fuzz-style property: throw random and extreme values at every write boundary and at the query
// parameters of the read routes; whatever was accepted, no read route may answer 5xx and every
// export must finish. Kept to a few seconds per engine (runs inside `npm test`).

const NOW = Date.parse('2025-03-03T12:00:00Z');
const STAGES = defaultPathway.stages.map((s) => s.id);
const EVENTS = [...new Set(defaultPathway.transitions.map((t) => t.event))];

/** Dates at and beyond every edge: far years, years 0000-0099 and 9999, both domain edges, Date's limits. */
const extremeTime = fc.oneof(
  fc.constantFrom<unknown>(
    8_640_000_000_000_001,
    8_640_000_000_000_000,
    -8_640_000_000_000_000,
    1e300,
    -1e300,
    1.5,
    -1,
    0,
    Number.MAX_SAFE_INTEGER,
    '9999-12-31',
    '0099-06-15',
    '0000-01-01',
    '0001-01-01T00:00:00Z',
    '1899-12-31T23:59:59.999Z',
    '1900-01-01',
    '2100-12-31T23:59:59.999Z',
    '2101-01-01',
    '+275760-09-13T00:00:00.000Z',
    '2024-02-30',
    '2025-01-06T25:00:00Z',
    'NaN',
    'Infinity',
    '',
    null,
    true,
    [],
    {},
  ),
  fc
    .date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc
    .date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.integer({ min: 0, max: 99 }).map((y) => `${String(y).padStart(4, '0')}-06-15`),
  fc.double(),
  fc.integer(),
);
/** Mostly plausible times (so cases really are stored, at the domain's edges too), sometimes extreme. */
const time = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2026, 0, 1) })
      .map((ms) => new Date(ms).toISOString()),
  },
  { weight: 1, arbitrary: fc.constantFrom('1900-01-01', '2100-12-31T23:59:59.999Z', '1900-01-01T00:00:00Z') },
  { weight: 3, arbitrary: extremeTime },
);
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '😀'.repeat(50),
    'a'.repeat(5000),
    '\u202e',
    'front_door',
    '"',
    ',',
    '\n',
  ),
);
const deepJson = fc
  .integer({ min: 60, max: 5000 })
  .map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), extremeTime, text);

type Step =
  | { kind: 'open'; caseRef: unknown; occurredAt: unknown; stage?: unknown; attributes?: unknown }
  | { kind: 'move'; target: number; event: unknown; toStage?: unknown; occurredAt: unknown }
  | { kind: 'csv'; rows: { ref: number; stage: string; at: unknown; event: string }[] }
  | { kind: 'ndjson'; rows: { ref: number; stage: unknown; at: unknown; extra?: unknown }[] }
  | { kind: 'draft'; body: string }
  | { kind: 'scenario'; body: string }
  | { kind: 'read'; path: string };

/** A query value as a client would percent-encode it (lone surrogates replaced, as a browser does). */
const q = (v: unknown) => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
};

const csvCell = (v: unknown) => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const readPaths = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        '/api/analytics/map',
        '/api/analytics/kpis',
        '/api/analytics/overdue',
        '/api/analytics/export',
      ),
      fc.constantFrom(
        'asOf',
        'from',
        'to',
        'limit',
        'offset',
        'bucket',
        'attr.age_band',
        'population',
        'version',
      ),
      fc.oneof(extremeTime, text, fc.constantFrom('1.5', '1e300', '-1', '2.5')),
    )
    .map(([p, k, v]) => `${p}?${k}=${q(v)}`),
  fc
    .tuple(
      fc.constantFrom(...STAGES, 'nowhere'),
      fc.constantFrom('limit', 'offset', 'attr.sex'),
      fc.oneof(text, fc.constantFrom('1.5', '2.5', '1e300', '-1', '0', '1001', 'NaN')),
    )
    .map(([s, k, v]) => `/api/stages/${s}/cases?${k}=${q(v)}`),
  fc
    .tuple(
      fc.constantFrom('/api/export/csv', '/api/export/xes'),
      fc.constantFrom('what', 'from', 'to', 'asOf'),
      fc.oneof(extremeTime, text),
    )
    .map(([p, k, v]) => `${p}?${k}=${q(v)}`),
  fc
    .oneof(text, fc.constantFrom('1', '0', '-1', '1.5', '9007199254740993'))
    .map((id) => `/api/cases/${q(id)}`),
  fc.constantFrom('/api/calibration', '/api/calibration?version=1.5', '/api/calibration?pathwayId=%00'),
  fc
    .tuple(
      fc.constantFrom('/api/pathways/continuum_of_need/versions/', '/api/scenarios/', '/api/simulations/'),
      fc.oneof(
        text,
        fc.constantFrom('99999999999999999999', '2147483648', '4294967296', '-1', '1e300', '1.5', 'latest'),
        fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
      ),
    )
    .map(([p, id]) => `${p}${q(id)}`),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    caseRef: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 1e9 }).map((n) => `FZ-${n}`) },
      { weight: 1, arbitrary: anyJson },
    ),
    occurredAt: time,
    stage: fc.option(fc.oneof(fc.constantFrom(...STAGES), anyJson), { nil: undefined }),
    attributes: fc.option(fc.oneof(fc.record({ age_band: fc.constantFrom('5_9', '10_15') }), anyJson), {
      nil: undefined,
    }),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    target: fc.nat(),
    event: fc.oneof(fc.constantFrom(...EVENTS), anyJson),
    toStage: fc.option(fc.oneof(fc.constantFrom(...STAGES), anyJson), { nil: undefined }),
    occurredAt: time,
  }),
  fc.record({
    kind: fc.constant('csv' as const),
    rows: fc.array(
      fc.record({
        ref: fc.nat(20),
        stage: fc.constantFrom(...STAGES, 'x y'),
        at: time,
        event: fc.constantFrom('', ...EVENTS),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  }),
  fc.record({
    kind: fc.constant('ndjson' as const),
    rows: fc.array(
      fc.record({
        ref: fc.nat(20),
        stage: fc.oneof(fc.constantFrom(...STAGES), anyJson),
        at: time,
        extra: fc.option(anyJson, { nil: undefined }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  }),
  fc.record({
    kind: fc.constant('draft' as const),
    body: fc.oneof(
      deepJson.map((d) => `{"definition":${d}}`),
      anyJson.map((v) => JSON.stringify({ ...defaultPathway, label: v })),
      anyJson.map((v) => JSON.stringify(v) ?? 'null'),
    ),
  }),
  fc.record({
    kind: fc.constant('scenario' as const),
    body: fc.oneof(
      deepJson.map((d) => `{"name":"deep","request":{"pathwayId":"continuum_of_need"},"summary":${d}}`),
      fc.tuple(anyJson, extremeTime, anyJson).map(([summary, startDate, name]) =>
        JSON.stringify({
          name,
          request: { pathwayId: 'continuum_of_need', startDate, horizonDays: 30 },
          summary,
        }),
      ),
      fc.constant('{"name":"ok","request":{"pathwayId":"continuum_of_need","startDate":"9999-12-31"}}'),
    ),
  }),
  fc.record({ kind: fc.constant('read' as const), path: readPaths }),
);

/** Every read route the fuzzed writes could break, with parameters a client would send. */
const READS = [
  '/api/stages/front_door/cases',
  '/api/stages/assessment/cases?limit=1000',
  '/api/analytics/map',
  '/api/analytics/map?from=1900-01-01&to=1901-12-31&bucket=week',
  '/api/analytics/map?asOf=2100-12-31',
  '/api/analytics/kpis?from=1900-01-01&to=2100-12-31',
  '/api/analytics/overdue?asOf=2100-12-31',
  '/api/analytics/export',
  '/api/export/csv',
  '/api/export/csv?what=map&asOf=2100-12-31',
  '/api/export/csv?what=kpis',
  '/api/export/xes',
  '/api/calibration',
];

describeEachEngine('fuzz: no accepted value makes a read route answer 5xx', ({ store, dataDir, engine }) => {
  let t: TestApp;
  const caseIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { now: () => NOW, ingestBodyLimit: 256 * 1024 });
  });

  const run = async (s: Step): Promise<Response> => {
    switch (s.kind) {
      case 'open': {
        const res = await t.call('manager', 'POST', '/api/cases', {
          caseRef: s.caseRef,
          occurredAt: s.occurredAt,
          ...(s.stage === undefined ? {} : { stage: s.stage }),
          ...(s.attributes === undefined ? {} : { attributes: s.attributes }),
        });
        if (res.status === 201) caseIds.push(String((await res.clone().json()).case.id));
        return res;
      }
      case 'move': {
        const id = caseIds.length > 0 ? caseIds[s.target % caseIds.length]! : '1';
        return t.call('manager', 'POST', `/api/cases/${id}/events`, {
          event: s.event,
          occurredAt: s.occurredAt,
          ...(s.toStage === undefined ? {} : { toStage: s.toStage }),
        });
      }
      case 'csv': {
        const lines = s.rows.map((r) =>
          [`FZ-${engine}-C${r.ref}`, r.stage, csvCell(r.at), r.event].join(','),
        );
        return t.call(
          'manager',
          'POST',
          '/api/ingest?mode=partial',
          `case_ref,stage,entered_at,event\n${lines.join('\n')}\n`,
          {
            'content-type': 'text/csv',
          },
        );
      }
      case 'ndjson': {
        const lines = s.rows.map((r) =>
          JSON.stringify({
            case_ref: `FZ-${engine}-N${r.ref}`,
            stage: r.stage,
            entered_at: r.at,
            ...(r.extra === undefined ? {} : { age_band: r.extra }),
          }),
        );
        return t.call('manager', 'POST', '/api/ingest?mode=partial', lines.join('\n'), {
          'content-type': 'application/x-ndjson',
        });
      }
      case 'draft':
        return t.call('designer', 'PUT', '/api/pathways/continuum_of_need/draft', s.body);
      case 'scenario':
        return t.call('analyst', 'POST', '/api/scenarios', s.body);
      case 'read':
        return t.call('admin', 'GET', s.path);
    }
  };

  it('answers every fuzzed write and read below 500, then every read route below 500 with complete exports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 10 }), async (steps) => {
        for (const s of steps) {
          const res = await run(s);
          const body = await res.text();
          expect(
            res.status,
            `${s.kind} ${JSON.stringify(s).slice(0, 300)} -> ${body.slice(0, 300)}`,
          ).toBeLessThan(500);
        }
        for (const path of READS) {
          const res = await t.call('admin', 'GET', path);
          const body = await res.text();
          expect(res.status, `${path} -> ${body.slice(0, 300)}`).toBeLessThan(500);
          if (path.startsWith('/api/export/xes')) expect(body.trimEnd()).toMatch(/<\/log>$/);
          if (path === '/api/export/csv') expect(body.endsWith('\n') || body === '').toBe(true);
        }
        for (const id of caseIds.slice(-3)) {
          const res = await t.call('admin', 'GET', `/api/cases/${id}`);
          expect(res.status, `case ${id}`).toBeLessThan(500);
          await res.text();
        }
      }),
      {
        numRuns: Number(process.env.CONTINUUM_FUZZ_RUNS ?? 8),
        seed: process.env.CONTINUUM_FUZZ_SEED ? Number(process.env.CONTINUUM_FUZZ_SEED) : undefined,
      },
    );
  });
});
