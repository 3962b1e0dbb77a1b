import { defaultPathway, type PathwayDefinitionInput } from '@continuum/machines';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from './testing/testApp.ts';

/** A second pathway where two events lead from the front door to assessment (an ambiguous target). */
const twoWays = {
  ...defaultPathway,
  id: 'two_ways',
  name: 'Two ways in',
  transitions: [
    ...defaultPathway.transitions,
    { from: 'front_door', to: 'assessment', event: 'fast_track', kind: 'progress', weight: 0.01 },
  ],
} as PathwayDefinitionInput;

/** A move asked for through the API, and the same move as an event-log row. */
interface Attempt {
  name: string;
  pathwayId?: string;
  api: { event?: string; toStage?: string };
  row: { stage: string; event: string };
  /** The target field as each caller spells it (API `toStage`, event log `stage`). */
  field: 'event' | 'target';
}

const attempts: Attempt[] = [
  {
    name: 'an event not legal from the stage',
    api: { event: 'leave_care' },
    row: { stage: 'care_leaver', event: 'leave_care' },
    field: 'event',
  },
  {
    name: 'a target no move leads to',
    api: { toStage: 'care_leaver' },
    row: { stage: 'care_leaver', event: '' },
    field: 'target',
  },
  {
    name: 'an event that leads elsewhere',
    api: { event: 'accept_referral', toStage: 'closed' },
    row: { stage: 'closed', event: 'accept_referral' },
    field: 'target',
  },
  {
    name: 'a target several events lead to',
    pathwayId: 'two_ways',
    api: { toStage: 'assessment' },
    row: { stage: 'assessment', event: '' },
    field: 'event',
  },
];

// Issue 12: the API's case service and bulk ingest both decide legality with the one move rule,
// so the same illegal move is refused with the same code and message from either door.
describeEachEngine('one move rule behind the API and the ingest', ({ store, dataDir, engine }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
    const published = await t.call('designer', 'POST', '/api/pathways/two_ways/versions', twoWays);
    expect(published.status).toBe(201);
  });

  for (const [i, a] of attempts.entries()) {
    it(`refuses ${a.name} alike from POST /api/cases/{id}/events and an ingest row`, async () => {
      const opened = await t.call('manager', 'POST', '/api/cases', {
        caseRef: `api-${engine}-${i}`,
        occurredAt: '2025-01-06T09:00:00Z',
        ...(a.pathwayId ? { pathwayId: a.pathwayId } : {}),
      });
      expect(opened.status).toBe(201);
      const { id } = (await opened.json()).case;
      const moved = await t.call('manager', 'POST', `/api/cases/${id}/events`, {
        ...a.api,
        occurredAt: '2025-01-07T09:00:00Z',
      });
      expect(moved.status).toBe(409);
      const problem = await moved.json();

      const ref = `row-${engine}-${i}`;
      const csv =
        'case_ref,stage,entered_at,event\n' +
        `${ref},front_door,2025-01-06T09:00:00Z,\n` +
        `${ref},${a.row.stage},2025-01-07T09:00:00Z,${a.row.event}\n`;
      const query = a.pathwayId ? `&pathwayId=${a.pathwayId}` : '';
      const ingested = await t.call('manager', 'POST', `/api/ingest?mode=partial${query}`, csv, {
        'content-type': 'text/csv',
      });
      expect(ingested.status).toBe(200);
      const report = await ingested.json();
      expect(report.rejected).toHaveLength(1);
      const rejected = report.rejected[0];

      expect(rejected.row).toBe(3);
      expect(rejected.code).toBe(problem.code);
      expect(['illegal_move', 'ambiguous_move']).toContain(problem.code);
      expect(rejected.message).toBe(problem.detail);
      expect(problem.field).toBe(a.field === 'event' ? 'event' : 'toStage');
      expect(rejected.field).toBe(a.field === 'event' ? 'event' : 'stage');
      expect(problem.currentStage).toBe('front_door');
    });
  }
});
