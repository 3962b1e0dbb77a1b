import { CaseTimelineResponseSchema, ProcessMapResponseSchema } from '@continuum/contracts';
import { csvRows, ingestEvents } from '@continuum/store';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

// Imported history with moves the pathway lacks (stored flagged): 6 assessments straight to the care
// leaver stage and 2 CIN plans with no assessment, in May 2024; 7 ordinary moves into care.
const log = [
  'case_ref,stage,entered_at,event',
  ...Array.from({ length: 6 }, (_, k) => [
    `O${k},front_door,2024-04-20,`,
    `O${k},assessment,2024-04-21,accept_referral`,
    `O${k},care_leaver,2024-05-${10 + k},`,
  ]).flat(),
  ...Array.from({ length: 2 }, (_, k) => [
    `P${k},front_door,2024-05-02,`,
    `P${k},child_in_need,2024-05-03,`,
  ]).flat(),
  ...Array.from({ length: 7 }, (_, k) => [
    `Q${k},front_door,2024-05-06,`,
    `Q${k},assessment,2024-05-07,`,
    `Q${k},looked_after,2024-05-20,`,
  ]).flat(),
].join('\n');

describeEachEngine('moves outside the pathway (API)', ({ store, dataDir }) => {
  let t: TestApp;
  const period = 'from=2024-05-01&to=2024-05-31';
  const json = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
    const report = await ingestEvents(store(), csvRows([`${log}\n`]), {
      mode: 'atomic',
      hmacKey: t.deps.hmacKey,
      outsidePathway: 'flag',
    });
    expect(report).toMatchObject({ committed: true, outsidePathwayRows: 8, rejectedRows: 0 });
  });

  it('GET /api/analytics/map reports conformance per move and per stage (hand count)', async () => {
    const body = ProcessMapResponseSchema.parse(
      await json(await t.call('manager', 'GET', `/api/analytics/map?${period}`)),
    );
    expect(body.conformance).toEqual({
      total: 8,
      moves: [
        { from: 'front_door', to: 'child_in_need', moves: 2 },
        { from: 'assessment', to: 'care_leaver', moves: 6 },
      ],
      stages: [
        { stage: 'front_door', movesOut: 2, movesIn: 0 },
        { stage: 'assessment', movesOut: 6, movesIn: 0 },
        { stage: 'child_in_need', movesOut: 0, movesIn: 2 },
        { stage: 'care_leaver', movesOut: 0, movesIn: 6 },
      ],
    });
  });

  it('a viewer sees the conformance counts suppressed like every other count', async () => {
    const body = ProcessMapResponseSchema.parse(
      await json(await t.call('viewer', 'GET', `/api/analytics/map?${period}`)),
    );
    const c = body.conformance;
    expect(c.moves.find((m) => m.from === 'front_door')).toMatchObject({
      moves: null,
      suppressed: { moves: 'primary' },
    });
    expect(c.moves.find((m) => m.from === 'assessment')).toMatchObject({
      moves: null,
      suppressed: { moves: 'secondary' },
    });
    expect(c.stages.find((s) => s.stage === 'child_in_need')).toMatchObject({ movesIn: null });
    for (const s of c.stages)
      for (const v of [s.movesOut, s.movesIn]) expect(v === null || v === 0 || v >= 5).toBe(true);
    expect(body.suppression).toMatchObject({ applied: true });
  });

  it('GET /api/cases/:id marks the flagged move', async () => {
    const found = await json(await t.call('manager', 'GET', '/api/cases?caseRef=O0'));
    const body = CaseTimelineResponseSchema.parse(
      await json(await t.call('manager', 'GET', `/api/cases/${found.case.id}`)),
    );
    expect(body.events.map((e) => [e.event, e.fromStage, e.toStage, e.outsidePathway])).toEqual([
      [null, null, 'front_door', false],
      ['accept_referral', 'front_door', 'assessment', false],
      [null, 'assessment', 'care_leaver', true],
    ]);
    expect(body.case.stage).toBe('care_leaver');
  });

  it('a live move is decided by the machine: the same move is refused and no flag can be set', async () => {
    const opened = await json(
      await t.call('manager', 'POST', '/api/cases', {
        caseRef: 'LIVE-1',
        occurredAt: '2024-06-03T09:00:00Z',
      }),
    );
    const id = opened.case.id;
    const moved = await json(
      await t.call('manager', 'POST', `/api/cases/${id}/events`, {
        toStage: 'assessment',
        occurredAt: '2024-06-04T09:00:00Z',
      }),
    );
    expect(moved.event).toMatchObject({ event: 'accept_referral', outsidePathway: false });
    const refused = await t.call('manager', 'POST', `/api/cases/${id}/events`, {
      toStage: 'care_leaver',
      occurredAt: '2024-06-05T09:00:00Z',
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ code: 'illegal_move' });
    // The body has no such field: asking for a flag is refused as a bad request, not applied.
    const asked = await t.call('manager', 'POST', `/api/cases/${id}/events`, {
      toStage: 'care_leaver',
      occurredAt: '2024-06-05T09:00:00Z',
      outsidePathway: true,
    });
    expect(asked.status).toBeGreaterThanOrEqual(400);
    expect(asked.status).toBeLessThan(500);
    expect(asked.headers.get('content-type')).toContain('application/problem+json');
    const after = CaseTimelineResponseSchema.parse(
      await json(await t.call('manager', 'GET', `/api/cases/${id}`)),
    );
    expect(after.events.map((e) => [e.toStage, e.outsidePathway])).toEqual([
      ['front_door', false],
      ['assessment', false],
    ]);
  });
});
