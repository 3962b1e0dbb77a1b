import { defaultPathway } from '@continuum/machines';
import { beforeAll, describe, expect, it } from 'vitest';
import { PII_PROBES, probeForms } from '../../../machines/src/pii/piiProbes.fixture.ts';
import { dumpTables, leaksIn } from '../../../tests/support/dumpTables.ts';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

const OPEN_ATTRIBUTES = [
  'abuse_category',
  'legal_status',
  'placement_type',
  'referral_source',
  'closure_reason',
];
const CLOSED_ATTRIBUTES = ['age_band', 'sex', 'primary_need', 'activity'];
const FORMS = PII_PROBES.flatMap((p) => probeForms(p.value));
type Def = typeof defaultPathway & Record<string, unknown>;

/** Every writable name, label, id and tag of a pathway, each set to the probe in turn. */
const PATHWAY_FIELDS: [string, (d: Def, v: string) => void][] = [
  ['name', (d, v) => (d.name = v)],
  ['stages.1.label', (d, v) => (d.stages[1]!.label = v)],
  ['groups.0.label', (d, v) => (d.groups![0]!.label = v)],
  [
    'stages.0.timescale.label',
    (d, v) => (d.stages[0]!.timescale = { value: 1, unit: 'working_days', label: v }),
  ],
  ['stages.2.kpiTags.0', (d, v) => (d.stages[2]!.kpiTags = [v])],
  ['recordEvents.0', (d, v) => (d.recordEvents = [v])],
];

describeEachEngine('PII probes through the API', ({ store, dataDir, engine }) => {
  let t: TestApp;
  let n = 0;
  let caseId: string;
  const ref = () => `PII-${engine}-${++n}`;

  /** A refusal: 4xx problem+json naming the field, never repeating the value. */
  const expectRefused = async (res: Response, value: string, field?: RegExp) => {
    expect(res.status, `${value}`).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = await res.json();
    if (field) expect(body.field, value).toMatch(field);
    expect(body.code, JSON.stringify(body)).toBe('pii_rejected');
    expect(leaksIn(JSON.stringify(body), probeForms(value)), JSON.stringify(body)).toEqual([]);
  };

  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
    const res = await t.call('manager', 'POST', '/api/cases', {
      caseRef: ref(),
      occurredAt: '2025-01-06T09:00:00Z',
    });
    expect(res.status).toBe(201);
    caseId = (await res.json()).case.id;
  });

  describe.each(PII_PROBES)('the $kind probe $value', ({ value }) => {
    it('is refused in every case attribute and as a client event id (create and move)', async () => {
      for (const name of [...OPEN_ATTRIBUTES, ...CLOSED_ATTRIBUTES]) {
        const res = await t.call('manager', 'POST', '/api/cases', {
          caseRef: ref(),
          occurredAt: '2025-01-06T09:00:00Z',
          attributes: { [name]: value },
        });
        await expectRefused(res, value, new RegExp(`^attributes\\.${name}$`));
      }
      await expectRefused(
        await t.call('manager', 'POST', '/api/cases', {
          caseRef: ref(),
          occurredAt: '2025-01-06T09:00:00Z',
          clientEventId: value,
        }),
        value,
        /clientEventId/,
      );
      await expectRefused(
        await t.call('manager', 'POST', `/api/cases/${caseId}/events`, {
          event: 'management_oversight',
          occurredAt: '2025-01-07T09:00:00Z',
          clientEventId: value,
        }),
        value,
        /clientEventId/,
      );
    });

    it('is refused in every name, label, id and tag of a draft and of a published definition', async () => {
      for (const [path, set] of PATHWAY_FIELDS) {
        const def = structuredClone(defaultPathway) as Def;
        set(def, value);
        await expectRefused(
          await t.call('designer', 'PUT', '/api/pathways/continuum_of_need/draft', def),
          value,
          /./,
        );
        const published = await t.call('designer', 'POST', '/api/pathways/continuum_of_need/versions', def);
        expect(published.status).toBe(422);
        const body = await published.json();
        expect(
          body.problems.some(
            (p: { path: (string | number)[]; code: string }) =>
              p.code === 'pii_rejected' && p.path.join('.') === path,
          ),
          path,
        ).toBe(true);
        expect(leaksIn(JSON.stringify(body), probeForms(value))).toEqual([]);
        const validated = await (await t.call('designer', 'POST', '/api/pathways/validate', def)).json();
        expect(validated.ok).toBe(false);
      }
    });

    it('is refused as a scenario name, summary and scenario parameter, and in a simulation request', async () => {
      const request = {
        pathwayId: 'continuum_of_need',
        scenario: { capacityMultiplier: { early_help: 1.2 } },
      };
      for (const body of [
        { name: value, request },
        { name: 'Early help +20%', request, summary: [{ stage: 'early_help', note: value }] },
        { name: 'Early help +20%', request: { ...request, scenario: { ...request.scenario, name: value } } },
      ]) {
        await expectRefused(await t.call('analyst', 'POST', '/api/scenarios', body), value, /./);
      }
      await expectRefused(
        await t.call('analyst', 'POST', '/api/simulations', { ...request, scenario: { name: value } }),
        value,
        /scenario/,
      );
    });
  });

  describe.each(PII_PROBES)('the $kind probe $value sent where an id, a key or a path goes', ({ value }) => {
    /** A refusal with the given status that does not repeat the value (nor name it as the field). */
    const expectNotEchoed = async (res: Response, status: number) => {
      expect(res.status, `${value} ${res.url}`).toBe(status);
      const body = await res.json();
      expect(leaksIn(JSON.stringify(body), probeForms(value)), JSON.stringify(body)).toEqual([]);
    };
    const inPath = encodeURIComponent(value);

    it('is not repeated by a 404 for an id, a stage or a pathway, nor by a 422 for an unknown key', async () => {
      for (const path of [
        `/api/simulations/${inPath}`,
        `/api/simulations/${inPath}/events`,
        `/api/scenarios/${inPath}`,
        `/api/backtests/${inPath}`,
        `/api/imports/${inPath}`,
        `/api/calibration?pathwayId=${inPath}`,
        `/api/analytics/map?pathway=${inPath}`,
      ])
        for (const role of ['analyst', 'manager'] as const) {
          const res = await t.call(role, 'GET', path);
          if (res.status !== 403) await expectNotEchoed(res, 404);
        }
      await expectNotEchoed(await t.call('manager', 'GET', `/api/stages/${inPath}/cases`), 422);
      await expectNotEchoed(await t.call('manager', 'GET', `/api/no-such-route/${inPath}`), 404);
      for (const attr of ['attr.sex', 'attr.referral_source', 'ageBand'])
        await expectNotEchoed(await t.call('viewer', 'GET', `/api/analytics/map?${attr}=${inPath}`), 422);
      await expectNotEchoed(
        await t.call('manager', 'POST', '/api/cases', { caseRef: ref(), stage: value }),
        422,
      );
      for (const body of [{ event: value }, { toStage: value }])
        await expectNotEchoed(await t.call('manager', 'POST', `/api/cases/${caseId}/events`, body), 422);
      // In a body that is not JSON: the parser's message would quote it.
      await expectNotEchoed(await t.call('analyst', 'POST', '/api/scenarios', `{${value}}`), 400);
      // As a key of a pathway document: at its top level and inside a stage.
      const top = { ...structuredClone(defaultPathway), [value]: 1 };
      const nested = structuredClone(defaultPathway) as Def;
      (nested.stages[1] as unknown as Record<string, unknown>)[value] = { label: 'x' };
      for (const def of [top, nested]) {
        await expectNotEchoed(
          await t.call('designer', 'PUT', '/api/pathways/continuum_of_need/draft', def),
          422,
        );
        await expectNotEchoed(await t.call('designer', 'POST', '/api/pathways/validate', def), 200);
      }
      await expectNotEchoed(await t.call('admin', 'DELETE', `/api/tokens/${inPath}`), 404);
      await expectNotEchoed(
        await t.call('analyst', 'POST', '/api/scenarios', { name: 'Early help', [value]: 1 }),
        422,
      );
    });

    it('is not kept in the audit log when a refused request carries it in its path', async () => {
      expect((await t.call(null, 'GET', `/api/cases/${inPath}`)).status).toBe(401);
      expect((await t.call('viewer', 'GET', `/api/cases/${inPath}`)).status).toBe(403);
      // Checked with every table below ('stored none of the probes').
    });
  });

  it('does not repeat a key of 100,000 characters in a pathway document back to its sender', async () => {
    const def = { ...structuredClone(defaultPathway), ['k'.repeat(100_000)]: 1 };
    const text = await (await t.call('designer', 'POST', '/api/pathways/validate', def)).text();
    expect(text).toContain('(a value of 100000 characters, not repeated)');
    expect(text.length).toBeLessThan(5_000);
  });

  it('stored none of the probes, in any table, and kept the one legitimate case', async () => {
    expect(leaksIn(await dumpTables(store()), FORMS)).toEqual([]);
    expect((await store().pathways.list()).map((p) => [p.pathwayId, p.versions, p.hasDraft])).toEqual([
      ['continuum_of_need', [1], false],
    ]);
    expect((await (await t.call('analyst', 'GET', '/api/scenarios')).json()).scenarios).toEqual([]);
  });

  it('still accepts legitimate codes, labels and scenario names', async () => {
    const ok = await t.call('manager', 'POST', '/api/cases', {
      caseRef: ref(),
      occurredAt: '2025-01-06T09:00:00Z',
      clientEventId: '550e8400-e29b-41d4-a716-446655440000',
      attributes: { referral_source: 'police', closure_reason: 'no_further_action', legal_status: 'C2' },
    });
    expect(ok.status).toBe(201);
    const def = structuredClone(defaultPathway) as Def;
    def.stages[1]!.label = 'Child in Need';
    expect((await t.call('designer', 'PUT', '/api/pathways/continuum_of_need/draft', def)).status).toBe(200);
  });
});
