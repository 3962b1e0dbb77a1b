import type {
  DurationStats as AnalyticsDurationStats,
  Kpi as AnalyticsKpi,
  KpiReport,
  ProcessMap,
  StageFigures as AnalyticsStageFigures,
  StageTimescale,
  Suppressible,
  TransitionFigures as AnalyticsTransitionFigures,
} from '@continuum/analytics';
import {
  CalibrationListResponseSchema,
  CaseTimelineResponseSchema,
  type DurationStats,
  type Kpi,
  KpisResponseSchema,
  MeResponseSchema,
  PathwayListResponseSchema,
  type ProcessMapResponse,
  ProcessMapResponseSchema,
  PublishedVersionResponseSchema,
  type Role,
  RoleSchema,
  SavedDraftResponseSchema,
  SCALAR_NAMES,
  type ScalarName,
  type SimulationResult,
  SimulationRunResponseSchema,
  SimulationStartedResponseSchema,
  type StageFigures,
  StageCasesResponseSchema,
  type TransitionFigures,
  ValidateResponseSchema,
} from '@continuum/contracts';
import type { Timescale } from '@continuum/machines';
import type {
  ScalarName as SimulatorScalarName,
  SimulationResult as SimulatorResult,
} from '@continuum/simulator';
import { SCALAR } from '@continuum/simulator';
import { csvRows, ROLES, type Role as StoreRole, ingestEvents } from '@continuum/store';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

// The web app reads the API through @continuum/contracts. These tests parse real answers with the
// contracts' schemas in strict mode (an unknown, missing or mistyped key fails), and check at compile
// time that the contracts agree with the server's own types (analytics, simulator, store).

/** Both ways: every key of A is in B and every key of B is in A (a field added on one side fails). */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>];
/** The keys of a contract type without the suppression marks the server adds to its own types. */
type Unmarked<T> = Omit<T, 'suppressed'>;

describe('contracts agree with the server types', () => {
  it('the map and KPIs (packages/analytics is the truth)', () => {
    // Every analytics value fits the contract, whether exact (case-level roles) or suppressed.
    expectTypeOf<AnalyticsStageFigures>().toExtend<StageFigures>();
    // (Suppressible<T> nulls every number, the timescale's own value too: its counts are checked apart.)
    expectTypeOf<Suppressible<Omit<AnalyticsStageFigures, 'timescale'>>>().toExtend<
      Omit<StageFigures, 'timescale'>
    >();
    expectTypeOf<Suppressible<Omit<StageTimescale, keyof Timescale>>>().toExtend<
      Omit<NonNullable<StageFigures['timescale']>, keyof Timescale>
    >();
    expectTypeOf<AnalyticsTransitionFigures>().toExtend<TransitionFigures>();
    expectTypeOf<Suppressible<AnalyticsTransitionFigures>>().toExtend<TransitionFigures>();
    expectTypeOf<AnalyticsKpi>().toExtend<Kpi>();
    expectTypeOf<Suppressible<AnalyticsKpi>>().toExtend<Kpi>();
    expectTypeOf<AnalyticsDurationStats>().toExtend<DurationStats>();
    expectTypeOf<ProcessMap & { pathway: { id: string; version: number | null } }>().toExtend<
      Omit<ProcessMapResponse, 'suppression'>
    >();
    // ... and no field is missing on either side.
    expectTypeOf<SameKeys<Unmarked<StageFigures>, AnalyticsStageFigures>>().toEqualTypeOf<[never, never]>();
    expectTypeOf<SameKeys<Unmarked<TransitionFigures>, AnalyticsTransitionFigures>>().toEqualTypeOf<
      [never, never]
    >();
    expectTypeOf<SameKeys<Unmarked<Kpi>, AnalyticsKpi>>().toEqualTypeOf<[never, never]>();
    expectTypeOf<SameKeys<NonNullable<StageFigures['timescale']>, StageTimescale>>().toEqualTypeOf<
      [never, never]
    >();
    expectTypeOf<SameKeys<Omit<ProcessMapResponse, 'pathway' | 'suppression'>, ProcessMap>>().toEqualTypeOf<
      [never, never]
    >();
    expectTypeOf<
      SameKeys<Omit<z.infer<typeof KpisResponseSchema>, 'pathway' | 'suppression'>, KpiReport>
    >().toEqualTypeOf<[never, never]>();
  });

  it('the simulation result (packages/simulator) and the roles (packages/store)', () => {
    expectTypeOf<SimulatorResult>().toExtend<SimulationResult>();
    expectTypeOf<SimulationResult>().toExtend<SimulatorResult>();
    expectTypeOf<ScalarName>().toEqualTypeOf<SimulatorScalarName>();
    expect([...SCALAR_NAMES].sort()).toEqual(Object.keys(SCALAR).sort());
    expectTypeOf<Role>().toEqualTypeOf<StoreRole>();
    expect([...RoleSchema.options].sort()).toEqual([...ROLES].sort());
  });
});

const header = 'case_ref,stage,entered_at,event,event_id,age_band';
// Twelve contacts; six go to assessment, two close, four wait at the front door (as analytics.test.ts).
const log = Array.from({ length: 12 }, (_, k) => {
  const ref = `K${k}`;
  const first = `${ref},front_door,2024-05-23,,,${k % 2 === 0 ? '10_15' : '5_9'}`;
  if (k < 6) return [first, `${ref},assessment,2024-05-28,accept_referral,,`];
  if (k < 8) return [first, `${ref},closed,2024-05-28,no_further_action,,`];
  return [first];
}).flat();

describeEachEngine('API answers parse with the web contracts', ({ store, dataDir }) => {
  let t: TestApp;
  /** Calls the app and parses the JSON answer strictly with a contract's schema. */
  const parsed = async <S extends z.ZodType>(
    schema: S,
    role: StoreRole,
    path: string,
    method = 'GET',
    body?: unknown,
  ): Promise<z.infer<S>> => {
    const res = await t.call(role, method, path, body);
    const json = await res.json();
    expect(res.status, JSON.stringify(json)).toBeLessThan(300);
    const result = schema.safeParse(json);
    if (!result.success) throw new Error(`${method} ${path}: ${result.error.message}`);
    return result.data;
  };
  const period = 'from=2024-05-01&to=2024-05-31';

  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
    await ingestEvents(store(), csvRows([`${header}\n${log.join('\n')}\n`]), {
      mode: 'atomic',
      hmacKey: t.deps.hmacKey,
    });
  });

  it('map and KPIs, exact and suppressed', async () => {
    for (const role of ['manager', 'viewer'] as const) {
      const map = await parsed(ProcessMapResponseSchema, role, `/api/analytics/map?${period}`);
      expect(map.stages.length).toBeGreaterThan(0);
      expect(map.suppression !== undefined).toBe(role === 'viewer');
      const kpis = await parsed(KpisResponseSchema, role, `/api/analytics/kpis?${period}`);
      expect(kpis.kpis.length).toBeGreaterThan(0);
    }
  });

  it('stage cases and a case timeline', async () => {
    const { cases } = await parsed(StageCasesResponseSchema, 'manager', '/api/stages/front_door/cases');
    expect(cases).toHaveLength(4);
    const timeline = await parsed(
      CaseTimelineResponseSchema,
      'manager',
      `/api/cases/${encodeURIComponent(cases[0]!.id)}`,
    );
    expect(timeline.events.length).toBeGreaterThan(0);
  });

  it('pathways, a version, validation and drafts', async () => {
    const { pathways } = await parsed(PathwayListResponseSchema, 'designer', '/api/pathways');
    const id = pathways[0]!.pathwayId;
    const v = await parsed(PublishedVersionResponseSchema, 'designer', `/api/pathways/${id}/versions/1`);
    await parsed(ValidateResponseSchema, 'designer', '/api/pathways/validate', 'POST', v.definition);
    const save = await t.call('designer', 'PUT', `/api/pathways/${id}/draft?baseVersion=1`, v.definition);
    expect(save.status).toBe(200);
    const draft = await parsed(SavedDraftResponseSchema, 'designer', `/api/pathways/${id}/draft`);
    expect(draft.baseVersion).toBe(1);
  });

  it('me', async () => {
    for (const role of ROLES) expect((await parsed(MeResponseSchema, role, '/api/me')).role).toBe(role);
  });

  it('calibration and simulation runs, single and compared', async () => {
    const { calibrations } = await parsed(CalibrationListResponseSchema, 'analyst', '/api/calibration');
    expect(calibrations.length).toBeGreaterThan(0);
    for (const compare of [false, true]) {
      const started = await parsed(SimulationStartedResponseSchema, 'analyst', '/api/simulations', 'POST', {
        pathwayId: 'continuum_of_need',
        version: 1,
        scenario: { arrivalMultiplier: 1.1 },
        compare,
        horizonDays: 60,
        replications: 3,
        seed: 4,
      });
      let run = await parsed(SimulationRunResponseSchema, 'analyst', `/api/simulations/${started.id}`);
      for (let i = 0; i < 600 && run.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        run = await parsed(SimulationRunResponseSchema, 'analyst', `/api/simulations/${started.id}`);
      }
      expect(run.status).toBe('done');
      expect(run.result !== null && 'difference' in run.result).toBe(compare);
    }
  });
});
