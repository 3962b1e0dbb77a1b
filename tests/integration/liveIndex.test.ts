import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import {
  AnalyticsReadRepository,
  csvRows,
  ingestEvents,
  loadOrCreateHmacKey,
  pseudonymise,
  type Store,
} from '@continuum/store';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { calendarFor } from '../../packages/analytics/src/calendar/calendars.ts';
import { toDay } from '../../packages/analytics/src/calendar/dayNumber.ts';
import { computeKpis } from '../../packages/analytics/src/kpis/kpis.ts';
import { processMap } from '../../packages/analytics/src/map/processMap.ts';
import { overdueCases } from '../../packages/analytics/src/timescales/overdueCases.ts';
import { LiveIndex, type LiveIndexOptions } from '../../packages/analytics/src/live/LiveIndex.ts';
import { indexFromIntervals } from '../../packages/analytics/src/columnar/fromIntervals.ts';

/** A live index over a store through its lean reads, as the API builds it. */
const liveOver = (s: Store, options: Omit<LiveIndexOptions, 'lean'>) =>
  new LiveIndex(s, { lean: new AnalyticsReadRepository(s), ...options });

/**
 * The oracle: every stay and event read through the store's full joined scans, built by the pure
 * entry point (no catch-up, no lean reads, no gaps).
 */
async function indexFromScans(s: Store, recordEvents?: readonly string[]) {
  const intervals = await s.intervals.scan({ limit: 100_000 });
  const events = await s.cases.scanEvents({ limit: 100_000 });
  const attributes = new Map<number, Record<string, string | null>>();
  for (const row of [...intervals, ...events]) attributes.set(row.caseId, row.attributes);
  const recorded = events.filter(
    (e) => e.event !== null && e.fromStage === e.toStage && (!recordEvents || recordEvents.includes(e.event)),
  );
  return indexFromIntervals(
    intervals,
    [...attributes].map(([caseId, a]) => ({ caseId, attributes: a })),
    recorded.map((e) => ({ caseId: e.caseId, event: e.event!, at: e.occurredAt })),
  );
}

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const ew = calendarFor('england-and-wales');
const header = 'case_ref,stage,entered_at,event,event_id,age_band,activity';
// The hand-computed May 2024 fixture of processMap.test.ts, as a canonical event log, plus care
// leavers and oversight events for the KPIs.
const log = [
  'A,front_door,2024-05-24,,,10_15,',
  'A,assessment,2024-05-28,accept_referral,,,',
  'B,front_door,2024-05-24T16:30:00Z,,,10_15,',
  'C,front_door,2024-05-23,,,10_15,',
  'C,closed,2024-05-28,no_further_action,,,',
  'D,front_door,2024-05-02,,,5_9,',
  'D,assessment,2024-05-03,accept_referral,,,',
  'D,child_in_need,2024-05-20,cin_plan,,,',
  'D,child_in_need,2024-05-30,management_oversight,,,',
  'E,front_door,2024-04-29,,,5_9,',
  'E,early_help,2024-05-07,refer_early_help,,,',
  'F,front_door,2024-05-31,,,5_9,',
  'G,front_door,2024-05-10,,,5_9,',
  'G,closed,2024-05-10,no_further_action,,,',
  'L1,care_leaver,2023-01-01,,,16_17,eet',
  'L2,care_leaver,2023-01-01,,,16_17,neet',
  'L2,care_leaver,2024-04-01,management_oversight,,,',
];

describeEachEngine('analytics over the store', ({ store, dataDir, engine }) => {
  let key: Buffer;
  let live: LiveIndex;
  const may = { from: toDay('2024-05-01'), to: toDay('2024-05-31'), asOf: toDay('2024-05-31') };
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    key = loadOrCreateHmacKey(dataDir());
    const report = await ingestEvents(store(), csvRows([`${header}\n${log.join('\n')}\n`]), {
      mode: 'atomic',
      hmacKey: key,
    });
    expect(report.rejectedRows).toBe(0);
    live = liveOver(store(), { recordEvents: () => pathway.recordEvents, pageSize: 4, compactAfter: 1 });
  });

  it('gives the hand-computed map figures from the stored log', async () => {
    const index = await live.refresh();
    const map = processMap(index, pathway, may, ew, ['age_band']);
    const fd = map.stages.find((s) => s.stage === 'front_door')!;
    expect([fd.entries, fd.exits, fd.openAtStart, fd.openAtEnd, fd.openAsOf]).toEqual([6, 5, 1, 2, 2]);
    expect(fd.timeInStage).toEqual({ count: 5, mean: 3.6, median: 4, p90: 8, max: 8 });
    expect(fd.timescale).toMatchObject({ completed: 5, withinTimescale: 3, openOverdue: 1 });
    const older = processMap(index, pathway, { ...may, filters: { age_band: ['10_15'] } }, ew, ['age_band']);
    expect(older.stages.find((s) => s.stage === 'front_door')?.entries).toBe(3);
  });

  it('lists the overdue case by its store id, which resolves to the pseudonymised ref', async () => {
    const index = await live.refresh();
    const list = overdueCases(index, pathway, { asOf: may.asOf }, ew);
    expect(list.total).toBe(1);
    const c = await store().cases.get(Number(list.cases[0]!.caseKey));
    expect(c?.ref).toBe(pseudonymise(key, 'B'));
    expect(list.cases[0]).toMatchObject({ deadline: '2024-05-28', daysOverdue: 3 });
  });

  it('reads record-only oversight events and coded activity for the KPIs', async () => {
    const index = await live.refresh();
    const k = computeKpis(index, pathway, may, { population: 20_000 });
    const get = (id: string) => k.kpis.find((x) => x.id === id)!;
    // Open at 31 May in oversight stages: D (child in need, overseen 30 May), L1, L2 (overseen 1 April).
    expect(get('management_oversight_31_days')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(get('care_leavers_eet')).toMatchObject({ numerator: 1, denominator: 2 });
    // Referrals in May: A and D (accept_referral).
    expect(get('referrals_per_10000')).toMatchObject({ numerator: 2, value: 1 });
  });

  it('catches up incrementally: a later move closes the open stay', async () => {
    const before = live.index.length;
    const report = await ingestEvents(
      store(),
      csvRows([
        `${header}\nB,assessment,2024-06-03,accept_referral,,,\nF,closed,2024-06-03,no_further_action,,,\n`,
      ]),
      { mode: 'atomic', hmacKey: key },
    );
    expect(report.rejectedRows).toBe(0);
    const index = await live.refresh();
    expect(index.length).toBe(before + 2);
    expect(index.sortedCount).toBeGreaterThan(0);
    const june = { from: toDay('2024-06-01'), to: toDay('2024-06-30'), asOf: toDay('2024-06-30') };
    const fd = processMap(index, pathway, june, ew).stages.find((s) => s.stage === 'front_door')!;
    // B (Fri 24 May -> Mon 3 June, 10 days, late) and F (Fri 31 May -> Mon 3 June, 3 days, due 3 June: within).
    expect([fd.openAtStart, fd.exits, fd.openAtEnd]).toEqual([2, 2, 0]);
    expect(fd.timeInStage).toMatchObject({ count: 2, median: 3, max: 10 });
    expect(fd.timescale).toMatchObject({ completed: 2, withinTimescale: 1 });
    // A second instance built from the database alone agrees.
    const other = await liveOver(store(), { recordEvents: () => pathway.recordEvents }).refresh();
    expect(processMap(other, pathway, june, ew)).toEqual(processMap(index, pathway, june, ew));
  });

  it('loads the same figures through the lean reads as an index built from the full scans', async () => {
    const june = { from: toDay('2024-05-01'), to: toDay('2024-06-30'), asOf: toDay('2024-06-30') };
    for (const recordEvents of [undefined, pathway.recordEvents]) {
      const lean = await liveOver(store(), {
        ...(recordEvents ? { recordEvents: () => recordEvents } : {}),
        pageSize: 3,
      }).refresh();
      const oracle = await indexFromScans(store(), recordEvents);
      expect([lean.length, lean.recordLength, lean.caseCount]).toEqual([
        oracle.length,
        oracle.recordLength,
        oracle.caseCount,
      ]);
      expect(lean.recordLength).toBe(2);
      expect(processMap(lean, pathway, june, ew, ['age_band'])).toEqual(
        processMap(oracle, pathway, june, ew, ['age_band']),
      );
      expect(computeKpis(lean, pathway, june, { population: 20_000 })).toEqual(
        computeKpis(oracle, pathway, june, { population: 20_000 }),
      );
    }
  });

  it('catches record events up by id: once in id order (SQLite), re-reading one made visible after a larger one (PostgreSQL)', async () => {
    const s = store();
    const live2 = liveOver(s, { gapTimeoutMs: 60_000 });
    await live2.refresh();
    const before = live2.index.recordLength;
    if (engine === 'sqlite') {
      // One writer: ids become visible in id order, so there is no gap to re-check; a record event
      // written after a refresh is read by the next one, and only once.
      const report = await ingestEvents(
        s,
        csvRows([`${header}\nA,assessment,2024-06-12,management_oversight,,,\n`]),
        { mode: 'atomic', hmacKey: key },
      );
      expect(report.rejectedRows).toBe(0);
      await live2.refresh();
      expect(live2.index.recordLength).toBe(before + 1);
      await live2.refresh();
      expect(live2.index.recordLength).toBe(before + 1);
      return;
    }
    const c = await s.cases.get(Number(live2.index.caseKeys[0]));
    const insert = (seq: number, at: string) =>
      sql`INSERT INTO case_events (case_id, seq, occurred_at, recorded_at, event_code, from_code, to_code)
        VALUES (${c!.id}, ${seq}, ${Date.parse(at)}, ${Date.parse(at)},
          (SELECT id FROM names WHERE name = 'management_oversight'),
          (SELECT id FROM names WHERE name = ${c!.stage}), (SELECT id FROM names WHERE name = ${c!.stage}))`;
    // A second connection holds its insert uncommitted while a later id commits.
    const late = await s.db.startTransaction().execute();
    try {
      await insert(900, '2024-06-10').execute(late);
      await insert(901, '2024-06-11').execute(s.db);
      await live2.refresh();
      expect(live2.index.recordLength).toBe(before + 1);
      await late.commit().execute();
    } finally {
      if (!late.isCommitted) await late.rollback().execute();
    }
    await live2.refresh();
    expect(live2.index.recordLength).toBe(before + 2);
    const again = await liveOver(s, {}).refresh();
    expect(again.recordLength).toBe(before + 2);
  });
});
