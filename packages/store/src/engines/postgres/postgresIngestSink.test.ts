import { compile, defaultPathway, effectiveMoves } from '@continuum/machines';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresAdminUrl, reportGap } from '../../../../../tests/support/environment.ts';
import { loadOrCreateHmacKey } from '../../anonymise/hmacKey.ts';
import { CaseService } from '../../cases/CaseService.ts';
import type { CaseRun } from '../../ingest/CaseRun.ts';
import { ingestEvents } from '../../ingest/ingestEvents.ts';
import type { IngestSink } from '../../ingest/IngestSink.ts';
import { csvBatches, type RawRow } from '../../ingest/rowSources.ts';
import { CODED_ATTRIBUTES, type CodedAttributes } from '../../schema.ts';
import { type PostgresIngestOptions, postgresIngestSink } from './postgresIngestSink.ts';
import { legacyUnnestIngestSink } from './testing/legacyUnnestIngestSink.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from './testing/postgresTestDatabase.ts';

const header = 'case_ref,stage,entered_at,event,event_id,age_band,primary_need';
const DAY = 86_400_000;

/** A legal canonical log: random walks on the default pathway, rows of all cases interleaved by time. */
function legalLog(seed: number, cases: number, prefix: string, start = Date.parse('2024-01-01')): string[] {
  const pathway = compile(defaultPathway);
  const moves = effectiveMoves(pathway.definition);
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  const rows: [number, string][] = [];
  for (let c = 0; c < cases; c++) {
    const ref = `${prefix}${c}`;
    let t = start + Math.floor(rand() * 30 * DAY);
    let stage = pathway.definition.entry;
    rows.push([
      t,
      `${ref},${stage},${new Date(t).toISOString()},,${rand() < 0.3 ? `${ref}-0` : ''},5_9,N${c % 9}`,
    ]);
    for (let step = 1; step < 8; step++) {
      t += Math.floor(rand() * 40 * DAY) + 1000;
      const id = rand() < 0.3 ? `${ref}-${step}` : '';
      if (rand() < 0.15) {
        rows.push([t, `${ref},${stage},${new Date(t).toISOString()},management_oversight,${id},,`]);
        continue;
      }
      const options = moves.get(stage) ?? [];
      if (options.length === 0) break;
      const move = options[Math.floor(rand() * options.length)]!;
      stage = move.to;
      const blank = rand() < 0.5 && pathway.eventsBetween(move.from, move.to).length === 1;
      rows.push([t, `${ref},${stage},${new Date(t).toISOString()},${blank ? '' : move.event},${id},,`]);
    }
  }
  rows.sort((a, b) => a[0] - b[0]);
  return rows.map(([, line]) => line);
}

const csv = (lines: string[]) => csvBatches([`${header}\n${lines.join('\n')}\n`]);

/** A log's parsed rows, for sources that hand them out on their own terms. */
async function collect(lines: string[]): Promise<RawRow[]> {
  const all: RawRow[] = [];
  for await (const batch of csv(lines)) all.push(...batch);
  return all;
}

/**
 * The stored rows of the case tables without the two ingest-time clocks: cases and names by id,
 * events by case and seq, stays by case and id, with the ids of events and stays left out (the
 * COPY sink writes a batch's rows ordered by case, so their ids are assigned in that order).
 */
async function dump(db: TestDatabase): Promise<string> {
  const k = db.store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const out: Record<string, unknown[]> = {};
  const order: Record<string, string[]> = {
    cases: ['id'],
    names: ['id'],
    case_events: ['case_id', 'seq'],
    stage_intervals: ['case_id', 'id'],
  };
  for (const [table, by] of Object.entries(order)) {
    let query = k.selectFrom(table).selectAll();
    for (const column of by) query = query.orderBy(column);
    const rows = await query.execute();
    out[table] = rows.map(({ recorded_at: _r, created_at: _c, id, ...rest }) =>
      table === 'cases' || table === 'names' ? { id, ...rest } : rest,
    );
  }
  return JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}

/** The same rows with ids replaced by what they mean (ref, seq, order), for stores whose sequences differ. */
async function canonicalDump(db: TestDatabase): Promise<string> {
  const { rows } = await db.pool.query(`
    SELECT c.ref, row_to_json(c)::jsonb - 'id' - 'created_at' AS c,
      (SELECT json_agg(e ORDER BY e.seq) FROM (SELECT seq, occurred_at, event_code, from_code, to_code, client_event_id,
        outside_pathway FROM case_events WHERE case_id = c.id) e) AS events,
      (SELECT json_agg(i ORDER BY i.id) FROM (SELECT id, stage_code, entered_at, exited_at, next_code, exit_event_code,
        entry_event_code FROM stage_intervals WHERE case_id = c.id) i) AS stays
    FROM cases c ORDER BY c.ref`);
  return JSON.stringify(
    rows.map((r) => ({ ...r, stays: (r.stays ?? []).map(({ id: _id, ...x }: { id: number }) => x) })),
  );
}

/** Staging tables that exist in the database (any session). */
async function stagingLeft(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.pool.query<{ relname: string }>(
    `SELECT relname FROM pg_class WHERE relname LIKE 'continuum_ingest%'`,
  );
  return rows.map((r) => r.relname);
}

let available = false;
beforeAll(async () => {
  available = await postgresAvailable();
  if (!available) reportGap('COPY ingest [postgres]', `Start PostgreSQL on ${postgresAdminUrl}.`);
});

describe('COPY ingest [postgres]', () => {
  const variants: [string, (db: TestDatabase) => () => IngestSink][] = [
    ['legacy unnest', (db) => () => legacyUnnestIngestSink(db.store.db)],
    ...([{ rowChecks: 'auto' }, { rowChecks: 'always' }] as PostgresIngestOptions[]).map(
      (o): [string, (db: TestDatabase) => () => IngestSink] => [
        `COPY ${o.rowChecks}`,
        (db) => () => postgresIngestSink(db.pool, o),
      ],
    ),
  ];

  it('stores exactly the rows the pre-COPY sink stored, in both check modes', async (ctx) => {
    if (!available) return ctx.skip();
    const initial = legalLog(7, 9000, 'A');
    // Continues stored cases (duplicates by event id, new rows, one illegal move: the stored
    // case is restored) and opens new ones (one rejected mid-case), in partial mode.
    const later = Date.parse('2026-01-01');
    const continuation = [
      ...initial.filter((l) => l.includes(',A1-') || l.startsWith('A2,')).slice(0, 20),
      `A3,front_door,${new Date(later).toISOString()},re_referral,,,`,
      `A5,front_door,${new Date(later).toISOString()},,,,`,
      `A5,child_protection,${new Date(later + DAY).toISOString()},,,,`,
      ...legalLog(8, 3000, 'B', later),
      `B7,front_door,2020-01-01,,,,`,
    ];
    const dbs: TestDatabase[] = [];
    try {
      const exact: string[] = [];
      const canonical: string[] = [];
      for (const [, sink] of variants) {
        const db = await createTestDatabase('equal');
        dbs.push(db);
        await db.store.pathways.publish(defaultPathway);
        // One key for every store: the refs (HMACs) must match.
        const hmacKey = Buffer.alloc(32, 7);
        const reports = await db.withSink(sink(db), async () => [
          await ingestEvents(db.store, csv(initial), { mode: 'atomic', hmacKey }),
          await ingestEvents(db.store, csv(continuation), { mode: 'partial', hmacKey }),
        ]);
        expect(reports[0]).toMatchObject({ committed: true, rejectedRows: 0 });
        expect(reports[1]).toMatchObject({ committed: true });
        expect(reports[1]!.rejectedRows).toBeGreaterThan(0);
        expect(reports[1]!.duplicateRows).toBeGreaterThan(0);
        exact.push(await dump(db));
        // Then a failed atomic ingest (sequences move on differently) and a good one.
        await db.withSink(sink(db), async () => {
          const failed = await ingestEvents(
            db.store,
            csv([
              ...legalLog(9, 500, 'C', later),
              `C1,nowhere,${new Date(later + 99 * DAY).toISOString()},,,,`,
            ]),
            { mode: 'atomic', hmacKey },
          );
          expect(failed.committed).toBe(false);
          await ingestEvents(db.store, csv(legalLog(10, 500, 'D', later)), { mode: 'partial', hmacKey });
        });
        canonical.push(await canonicalDump(db));
      }
      const counts = JSON.parse(exact[0]!) as Record<string, unknown[]>;
      expect(counts.case_events!.length).toBeGreaterThan(40_000);
      for (let i = 1; i < variants.length; i++) {
        expect(exact[i], variants[i]![0]).toBe(exact[0]);
        expect(canonical[i], variants[i]![0]).toBe(canonical[0]);
      }
    } finally {
      for (const db of dbs) await db.drop();
    }
  }, 300_000);

  describe('one store', () => {
    let db: TestDatabase;
    const hmacKey = Buffer.alloc(32, 3);
    beforeAll(async () => {
      if (!available) return;
      db = await createTestDatabase('copy');
      await db.store.pathways.publish(defaultPathway);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('round-trips any text in every text column, through COPY and the merge', async (ctx) => {
      if (!available) return ctx.skip();
      const version = (await db.store.pathways.latest())!;
      const text = fc
        .string({ unit: 'binary', minLength: 1, maxLength: 30 })
        .filter((s) => !s.includes('\u0000'));
      const attrs = fc.record(
        Object.fromEntries(CODED_ATTRIBUTES.map((a) => [a, fc.option(text)])) as {
          [K in keyof CodedAttributes]: fc.Arbitrary<string | null>;
        },
      );
      const caseArb = fc.record({
        ref: text,
        stage: text,
        attributes: attrs,
        clientEventId: fc.option(text),
      });
      const options: PostgresIngestOptions[] = [{ rowChecks: 'auto' }, { rowChecks: 'always' }];
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(caseArb, { minLength: 1, maxLength: 8, selector: (c) => c.ref }),
          async (cs) => {
            const run = n++;
            const sink = postgresIngestSink(db.pool, options[run % 2]);
            const refs = cs.map((c) => `${run}:${c.ref}`);
            await sink.begin();
            try {
              await sink.prefetchCases!(refs);
              const runs: CaseRun[] = [];
              for (const [i, c] of cs.entries()) {
                expect(await sink.lookupCase(refs[i]!)).toBeUndefined();
                const r = {
                  ref: refs[i]!,
                  id: undefined,
                  existing: undefined,
                  pathway: { stages: [c.stage] },
                  pathwayVersionId: version.id,
                  stage: 0,
                  stageEnteredAt: 1000 + i,
                  entryEventCode: null,
                  openedAt: 1000 + i,
                  closedAt: null,
                  lastOccurredAt: 1000 + i,
                  seq: 1,
                  attributes: c.attributes,
                  clientEventIds: undefined,
                  stayInStore: false,
                  acceptedRows: 1,
                  lastRow: i,
                  settledSeq: undefined,
                  rejectedAt: undefined,
                } as unknown as CaseRun;
                runs.push(r);
                sink.addCase(r);
                sink.addEvent(r, 1, 1000 + i, null, null, 1, c.clientEventId, 0);
                sink.addInterval(r, 1, 1000 + i, null, null, null, null);
              }
              await sink.flush();
              await sink.finishCases(runs);
              await sink.commit();
            } catch (error) {
              await sink.rollback();
              throw error;
            }
            const { rows } = await db.pool.query(
              `SELECT c.ref, c.stage, ${CODED_ATTRIBUTES.map((a) => `c.${a}`).join(', ')}, e.client_event_id
               FROM cases c JOIN case_events e ON e.case_id = c.id WHERE c.ref = ANY($1) ORDER BY c.id`,
              [refs],
            );
            expect(rows).toEqual(
              cs.map((c, i) => ({
                ref: refs[i],
                stage: c.stage,
                ...c.attributes,
                client_event_id: c.clientEventId,
              })),
            );
          },
        ),
        { numRuns: 30 },
      );
      expect(await stagingLeft(db)).toEqual([]);
    });

    it('refuses an event whose case does not exist, by the set-based check or the per-row one', async (ctx) => {
      if (!available) return ctx.skip();
      const before = await db.store.cases.counts();
      const ghost = { id: 9_000_000_000 } as CaseRun;
      const skipped = postgresIngestSink(db.pool, { rowChecks: 'auto' });
      await skipped.begin();
      skipped.addEvent(ghost, 1, 1000, null, null, 1, null, 0);
      await skipped.flush();
      await expect(skipped.commit()).rejects.toThrow(/missing case \(id 9000000000\)/);
      await skipped.rollback();
      const checked = postgresIngestSink(db.pool, { rowChecks: 'always' });
      await checked.begin();
      checked.addEvent(ghost, 1, 1000, null, null, 1, null, 0);
      await expect(checked.flush()).rejects.toThrow(/foreign key/);
      await checked.rollback();
      expect(await db.store.cases.counts()).toEqual(before);
      expect(await stagingLeft(db)).toEqual([]);
    });

    it('leaves no staging table behind after success, an atomic rejection or an error thrown mid-stream', async (ctx) => {
      if (!available) return ctx.skip();
      // The check sees other sessions' temporary tables once they are committed (a staging table
      // that outlived its ingest would be): a probe session's own shows up, then goes with it.
      const probe = await db.pool.connect();
      try {
        await probe.query('CREATE TEMPORARY TABLE continuum_ingest_probe (x int)');
        expect(await stagingLeft(db)).toEqual(['continuum_ingest_probe']);
        await probe.query('DROP TABLE continuum_ingest_probe');
      } finally {
        probe.release();
      }
      const before = await db.store.cases.counts();
      // More than one batch (20,000 events), so COPYs and merges ran before the end.
      const log = legalLog(11, 8000, 'S');
      const ok = await ingestEvents(db.store, csv(log), { mode: 'atomic', hmacKey });
      expect(ok).toMatchObject({ committed: true, rejectedRows: 0 });
      expect(ok.rows).toBeGreaterThan(25_000);
      expect(await stagingLeft(db)).toEqual([]);
      const stored = await db.store.cases.counts();
      expect(stored.events - before.events).toBe(ok.acceptedRows);

      const rejected = await ingestEvents(
        db.store,
        csv([...legalLog(12, 8000, 'R'), `R1,nowhere,2030-01-01,,,,`]),
        { mode: 'atomic', hmacKey },
      );
      expect(rejected.committed).toBe(false);
      expect(await stagingLeft(db)).toEqual([]);
      expect(await db.store.cases.counts()).toEqual(stored);

      const rows = await collect(legalLog(13, 8000, 'T'));
      async function* failing(): AsyncGenerator<RawRow[]> {
        for (let i = 0; i < rows.length; i += 1000) {
          yield rows.slice(i, i + 1000);
          // Past the first batch: a write is in flight or done when the source fails.
          if (i > 24_000) throw new Error('upload cut off');
        }
      }
      await expect(ingestEvents(db.store, failing(), { mode: 'partial', hmacKey })).rejects.toThrow(
        'upload cut off',
      );
      expect(await stagingLeft(db)).toEqual([]);
      expect(await db.store.cases.counts()).toEqual(stored);
      // The pool's connections are fine afterwards.
      const again = await ingestEvents(db.store, csv(legalLog(14, 100, 'U')), { mode: 'atomic', hmacKey });
      expect(again.committed).toBe(true);
    });

    it('keeps the per-row checks for a role that may not skip them, and stores the same', async (ctx) => {
      if (!available) return ctx.skip();
      const role = `continuum_plain_${process.pid}`;
      await adminQuery(`DROP ROLE IF EXISTS ${role}`);
      await adminQuery(`CREATE ROLE ${role} LOGIN`);
      await db.pool.query(
        `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      );
      const url = new URL(db.url);
      url.username = role;
      const plain = new pg.Pool({ connectionString: url.href, max: 3 });
      try {
        const client = await plain.connect();
        try {
          await client.query('BEGIN');
          const { rowChecksNeeded } = await import('./rowChecksNeeded.ts');
          expect(await rowChecksNeeded(client, 'auto')).toBe(true);
          await client.query('ROLLBACK');
        } finally {
          client.release();
        }
        const before = await db.store.cases.counts();
        const report = await db.withSink(
          () => postgresIngestSink(plain),
          () => ingestEvents(db.store, csv(legalLog(15, 2000, 'P')), { mode: 'atomic', hmacKey }),
        );
        expect(report.committed).toBe(true);
        const after = await db.store.cases.counts();
        expect(after.events - before.events).toBe(report.acceptedRows);
        expect(after.cases - before.cases).toBe(2000);
      } finally {
        await plain.end();
        await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
        await db.pool.query(
          `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`,
        );
        await adminQuery(`DROP ROLE IF EXISTS ${role}`);
      }
    });

    it('50 concurrent moves of a live case stay gapless while an ingest holds its transaction open', async (ctx) => {
      if (!available) return ctx.skip();
      const service = new CaseService(db.store, loadOrCreateHmacKey(db.dataDir));
      const { case: live } = await service.open({ caseRef: 'live-during-copy', occurredAt: '2025-01-01' });
      const lines = legalLog(16, 8000, 'L');
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let written!: () => void;
      const firstBatchOut = new Promise<void>((r) => {
        written = r;
      });
      async function* held(): AsyncGenerator<RawRow[]> {
        const all = await collect(lines);
        const half = Math.floor(all.length * 0.8);
        yield all.slice(0, half);
        written();
        await gate;
        yield all.slice(half);
      }
      const ingest = ingestEvents(db.store, held(), { mode: 'atomic', hmacKey });
      await firstBatchOut;
      const events = ['refer_early_help', 'step_up', 'management_oversight'];
      let results: PromiseSettledResult<unknown>[];
      try {
        results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            service.move(live.id, {
              event: events[i % 3]!,
              occurredAt: '2025-01-10',
              clientEventId: `m-${i}`,
            }),
          ),
        );
      } finally {
        release();
      }
      const report = await ingest;
      expect(report.committed).toBe(true);
      const t = (await db.store.cases.timeline(live.id))!;
      expect(t.events.map((e) => e.seq)).toEqual(Array.from({ length: t.events.length }, (_, i) => i + 1));
      expect(t.events.length).toBe(1 + results.filter((r) => r.status === 'fulfilled').length);
      expect(t.case.stage).toBe(t.events.at(-1)!.toStage);
    });
  });
});
