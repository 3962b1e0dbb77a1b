import type {
  SuppressedWorklistStage,
  WorklistItem as AnalyticsWorklistItem,
  WorklistStageAgeing,
} from '@continuum/analytics';
import { type WorklistItem, WorklistResponseSchema, type WorklistStage } from '@continuum/contracts';
import { csvRows, ingestEvents } from '@continuum/store';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

// Issue 15: the manager's worklist. A small log whose due dates and working days overdue are
// counted by hand on the Jersey calendar (25 and 26 December and 1 January are its only bank
// holidays between November 2024 and March 2025).
const header = 'case_ref,stage,entered_at,event,event_id,age_band';
const log = [
  // E: assessment from Mon 2024-11-04: 45 working days skip the three holidays, due Thu 2025-01-09;
  // 57 working days overdue.
  'WE,front_door,2024-11-04,,,1_4',
  'WE,assessment,2024-11-04,accept_referral,,',
  // A: assessment from Mon 2025-01-06, due Mon 2025-03-10: 15 working days overdue.
  'WA,front_door,2025-01-06,,,10_15',
  'WA,assessment,2025-01-06,accept_referral,,',
  // F: the same, but closed on 2025-03-20: not on the list.
  'WF,front_door,2025-01-06,,,1_4',
  'WF,assessment,2025-01-06,accept_referral,,',
  'WF,closed,2025-03-20,close_case,,',
  // D: section 47 from Mon 2025-03-03, due Mon 03-24 (15 working days): 5 working days overdue.
  'WD,front_door,2025-03-03,,,1_4',
  'WD,s47_enquiry,2025-03-03,strategy_discussion,,',
  // I: front door from Thu 2025-03-27, due Fri 03-28: 1 working day overdue.
  'WI,front_door,2025-03-27,,,1_4',
  // C: front door from Fri 2025-03-28, due Mon 03-31: due on the as-of date.
  'WC,front_door,2025-03-28,,,1_4',
  // B: assessment from Mon 2025-02-03, due Mon 2025-04-07: 5 working days left.
  'WB,front_door,2025-02-03,,,10_15',
  'WB,assessment,2025-02-03,accept_referral,,',
  // H: assessment from 2025-03-17, due 2025-05-19: outside a 5-day horizon.
  'WH,front_door,2025-03-17,,,1_4',
  'WH,assessment,2025-03-17,accept_referral,,',
];
const at = 'asOf=2025-03-31';

/** Both ways: every key of A is in B and every key of B is in A. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>];

describe('the worklist contract agrees with packages/analytics', () => {
  it('rows (the case key becomes the API case id and ref) and per-stage counts, exact or suppressed', () => {
    type ApiRow = Omit<AnalyticsWorklistItem, 'caseKey'> & { caseId: string; ref: string | null };
    expectTypeOf<ApiRow>().toExtend<WorklistItem>();
    expectTypeOf<SameKeys<ApiRow, WorklistItem>>().toEqualTypeOf<[never, never]>();
    expectTypeOf<WorklistStageAgeing>().toExtend<WorklistStage>();
    expectTypeOf<SuppressedWorklistStage>().toExtend<WorklistStage>();
    expectTypeOf<SameKeys<Omit<WorklistStage, 'suppressed'>, WorklistStageAgeing>>().toEqualTypeOf<
      [never, never]
    >();
  });
});

describeEachEngine('the manager’s worklist (GET /api/worklist)', ({ store, dataDir }) => {
  let t: TestApp;
  const get = (role: 'viewer' | 'manager' | 'designer' | 'analyst', query: string) =>
    t.call(role, 'GET', `/api/worklist?${query}`);

  beforeAll(async () => {
    t = await createTestApp(store(), dataDir(), { now: () => Date.parse('2025-03-31T12:00:00Z') });
    await ingestEvents(store(), csvRows([`${header}\n${log.join('\n')}\n`]), {
      mode: 'atomic',
      hmacKey: t.deps.hmacKey,
    });
  });

  it('lists the hand-computed due and overdue cases, most overdue first, and audits each row', async () => {
    const res = await get('manager', `${at}&dueWithinDays=5`);
    expect(res.status).toBe(200);
    const body = WorklistResponseSchema.parse(await res.json());
    const rows = (body.items ?? []).map((x) => [x.stage, x.enteredAt, x.dueOn, x.workingDaysOverdue]);
    expect(rows).toEqual([
      ['assessment', '2024-11-04', '2025-01-09', 57],
      ['assessment', '2025-01-06', '2025-03-10', 15],
      ['s47_enquiry', '2025-03-03', '2025-03-24', 5],
      ['front_door', '2025-03-27', '2025-03-28', 1],
      ['front_door', '2025-03-28', '2025-03-31', 0],
      ['assessment', '2025-02-03', '2025-04-07', -5],
    ]);
    expect(body.items?.map((x) => x.overdue)).toEqual([true, true, true, true, false, false]);
    expect(body.calendar).toBe('jersey');
    expect(body.total).toBe(6);
    expect(body.truncated).toBe(false);
    expect(body.byStage.find((s) => s.stage === 'assessment')).toMatchObject({
      dueSoon: 1,
      overdue: 2,
      buckets: [0, 0, 1, 1],
    });
    expect(body.suppression).toBeUndefined();
    const audit = await store().audit.list({ limit: 100 });
    expect(audit.filter((a) => a.action === 'worklist.read').length).toBeGreaterThanOrEqual(6);
  });

  it('narrows by horizon, stage and attribute', async () => {
    const four = WorklistResponseSchema.parse(await (await get('analyst', `${at}&dueWithinDays=4`)).json());
    expect(four.items?.length).toBe(5);
    const assessment = WorklistResponseSchema.parse(
      await (await get('manager', `${at}&dueWithinDays=0&stage=assessment`)).json(),
    );
    expect(assessment.items?.map((x) => x.enteredAt)).toEqual(['2024-11-04', '2025-01-06']);
    const teens = WorklistResponseSchema.parse(
      await (await get('manager', `${at}&dueWithinDays=5&attr.age_band=10_15`)).json(),
    );
    expect(teens.items?.map((x) => x.enteredAt)).toEqual(['2025-01-06', '2025-02-03']);
    expect(teens.filters).toEqual({ age_band: ['10_15'] });
  });

  it('gives a viewer no case rows and only suppressed counts; a designer is refused', async () => {
    const res = await get('viewer', `${at}&dueWithinDays=5`);
    expect(res.status).toBe(200);
    const body = WorklistResponseSchema.parse(await res.json());
    expect(body.items).toBeNull();
    expect(body.suppression?.applied).toBe(true);
    const assessment = body.byStage.find((s) => s.stage === 'assessment');
    expect(assessment?.dueSoon).toBeNull();
    expect(assessment?.suppressed?.dueSoon).toBe('primary');
    for (const s of body.byStage) {
      for (const [key, v] of [
        ['dueSoon', s.dueSoon],
        ['overdue', s.overdue],
        ...s.buckets.map((n, b) => [`buckets.${b}`, n] as const),
      ] as const) {
        if (v === null) expect(s.suppressed?.[key]).toBeDefined();
        else expect(v === 0 || v >= 5).toBe(true);
      }
      // No single hidden bucket can be recomputed from the stage's overdue count.
      const hidden = s.buckets.filter((n) => n === null).length;
      if (s.overdue !== null) expect(hidden).not.toBe(1);
    }
    expect(JSON.stringify(body)).not.toMatch(/caseId|"ref"/);
    expect((await get('designer', at)).status).toBe(403);
  });

  it('answers bad input with problem+json and never repeats an unknown stage name', async () => {
    for (const [query, status, code] of [
      ['dueWithinDays=abc', 422, 'invalid_value'],
      ['dueWithinDays=261', 422, 'invalid_value'],
      ['asOf=2025-02-30', 400, 'invalid_date'],
      ['stage=Jane%20Smith', 422, 'unknown_stage'],
      ['attr.colour=red', 400, 'unknown_attribute'],
    ] as const) {
      const res = await get('manager', query);
      expect(res.status, query).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const text = await res.text();
      expect(JSON.parse(text).code).toBe(code);
      expect(text).not.toContain('Jane');
    }
  });
});
