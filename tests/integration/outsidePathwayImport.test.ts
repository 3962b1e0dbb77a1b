import { defaultPathway } from '@continuum/machines';
import { ingestEvents, loadOrCreateHmacKey, pseudonymise, type RawRow, type Store } from '@continuum/store';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import {
  buildWorkbook,
  everyListWorkbook,
} from '../../packages/formats/src/annexA/annexAWorkbook.fixture.ts';
import { ageBandOf, yearsBetween } from '../../packages/formats/src/annexA/codes.ts';
import {
  expectedCinEvents,
  type GenChild,
  generateCinChildren,
  writeCinCensusFiles,
} from '../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import {
  type CanonicalEvent,
  importAnnexA,
  importCinCensus,
  importSsda903,
  type OutsidePathway,
} from '../../packages/formats/src/index.ts';
import {
  expected903Events,
  type GenChild903,
  generate903Children,
  write903Return,
} from '../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { describeEachEngine } from '../support/engines.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The events as `continuum import` hands them to ingest (deterministic event ids with no dates). */
function* rowsOf(events: readonly CanonicalEvent[], prefix: string): Generator<RawRow> {
  let line = 0;
  for (const e of events) {
    line++;
    yield {
      line,
      values: {
        case_ref: e.case_ref,
        stage: e.stage,
        entered_at: e.entered_at,
        event: e.event,
        event_id: `${prefix}:${line}`,
        ...e.attributes,
      },
    };
  }
}

/** Every row of every table (found by introspection, so a new table is included), as one string. */
async function dumpEveryTable(store: Store): Promise<string> {
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const out: Record<string, unknown[]> = {};
  for (const t of await db.introspection.getTables({ withInternalKyselyTables: true }))
    out[t.name] = await db.selectFrom(t.name).selectAll().execute();
  return JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}

/** The secrets found in a dump, as whole tokens (an id inside a longer number is not it). */
function leaks(dump: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => {
    const escaped = s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'i').test(dump);
  });
}

describeEachEngine('imported history outside the pathway, stored', ({ store, dataDir, engine }) => {
  let key: Buffer;
  let run = 0;
  beforeAll(async () => {
    await store().pathways.publish(defaultPathway);
    key = loadOrCreateHmacKey(dataDir());
  });

  /** Imports events and reads back, per source ref, the stored events and stays. */
  const ingestAndRead = async (events: CanonicalEvent[], refs: string[], outside: OutsidePathway) => {
    const report = await ingestEvents(store(), rowsOf(events, `${engine}${run}`), {
      mode: 'atomic',
      hmacKey: key,
      outsidePathway: outside,
    });
    expect(report, JSON.stringify(report.rejected.slice(0, 3))).toMatchObject({
      committed: true,
      rejectedRows: 0,
    });
    const out = new Map<string, { events: unknown[][]; stays: unknown[][] }>();
    for (const ref of refs) {
      const c = (await store().cases.getByRef(pseudonymise(key, ref)))!;
      const t = (await store().cases.timeline(c.id))!;
      out.set(ref, {
        events: t.events.map((e) => [e.toStage, e.event ?? '', day(e.occurredAt), e.outsidePathway]),
        stays: t.intervals.map((i) => [i.stage, day(i.enteredAt)]),
      });
    }
    return { report, stored: out };
  };
  /** What a child's expected canonical events must be stored as: the flag exactly on the moves with no event. */
  const storedForm = (events: readonly CanonicalEvent[]) => ({
    events: events.map((e, i) => [e.stage, e.event, e.entered_at, i > 0 && e.event === '']),
    stays: events.map((e) => [e.stage, e.entered_at]),
  });

  it('CIN census: any generated history with outside moves stores exactly its stays, flagged where outside', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 6 }),
        async (seed, n) => {
          const tag = `${engine}-cin-${++run}`;
          const children = generateCinChildren(seed, n, { outside: true });
          const result = importCinCensus(writeCinCensusFiles(children), {
            pseudonymise: (id) => `${tag}:${id}`,
          });
          const { report, stored } = await ingestAndRead(
            result.events,
            children.map((c) => `${tag}:${c.id}`),
            'flag',
          );
          let flagged = 0;
          for (const c of children) {
            const band = ageBandOf(yearsBetween(c.dob, c.episodes[0]!.referral));
            const want = storedForm(expectedCinEvents(c, `${tag}:${c.id}`, band));
            flagged += want.events.filter((e) => e[3]).length;
            expect(stored.get(`${tag}:${c.id}`), c.id).toEqual(want);
          }
          expect(report.outsidePathwayRows).toBe(flagged);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('SSDA903: a return to care after a closure is stored as recorded, flagged; no referral invented', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10 }),
        async (seed, n) => {
          const tag = `${engine}-903-${++run}`;
          const children = generate903Children(seed, n, { returns: true });
          const result = importSsda903(write903Return(children, { seed }), {
            pseudonymise: (id) => `${tag}:${id}`,
          });
          const { stored } = await ingestAndRead(
            result.events,
            children.map((c) => `${tag}:${c.id}`),
            'flag',
          );
          for (const c of children) {
            const band = ageBandOf(yearsBetween(c.dob, c.episodes[0]!.start));
            expect(stored.get(`${tag}:${c.id}`), c.id).toEqual(
              storedForm(expected903Events(c, `${tag}:${c.id}`, band)),
            );
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it('Annex A: a CP plan with no enquiry (List 7 without List 5) is stored as recorded, flagged', async () => {
    const common = ['Child Unique ID', 'Gender'];
    const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    const plus = (iso: string, d: number) => day(Date.parse(iso) + d * 86_400_000);
    const child = fc.record({
      referral: fc.integer({ min: 0, max: 200 }),
      toAssessment: fc.integer({ min: 0, max: 5 }),
      toPlan: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(child, { minLength: 1, maxLength: 5 }), async (kids) => {
        const tag = `${engine}-a-${++run}`;
        const dated = kids.map((k, i) => {
          const referral = plus('2020-01-06', k.referral);
          const assessment = plus(referral, k.toAssessment);
          const plan = k.toPlan === undefined ? undefined : plus(assessment, k.toPlan);
          return { id: `AA${i}`, referral, assessment, plan };
        });
        const bytes = await buildWorkbook([
          {
            name: 'List 3',
            header: [...common, 'Date of Referral', 'Referral NFA?'],
            rows: dated.map((d) => [d.id, 'Female', dmy(d.referral), 'No']),
          },
          {
            name: 'List 4',
            header: [...common, 'Assessment start date', 'Assessment authorisation date'],
            rows: dated.map((d) => [d.id, 'Female', dmy(d.assessment), '']),
          },
          {
            name: 'List 7',
            header: [...common, 'Child Protection Plan Start Date', 'Child Protection Plan End Date'],
            rows: dated.filter((d) => d.plan).map((d) => [d.id, 'Female', dmy(d.plan!), '']),
          },
        ]);
        const result = await importAnnexA(bytes, {
          pseudonymise: (id) => `${tag}:${id}`,
          extractDate: '2021-03-31',
        });
        const { stored } = await ingestAndRead(
          result.events,
          dated.map((d) => `${tag}:${d.id}`),
          'flag',
        );
        for (const d of dated) {
          const want = [
            ['front_door', '', d.referral, false],
            ['assessment', 'accept_referral', d.assessment, false],
            ...(d.plan ? [['child_protection', '', d.plan, true]] : []),
          ];
          const got = stored.get(`${tag}:${d.id}`)!;
          expect(got.events, d.id).toEqual(want);
          expect(got.stays, d.id).toEqual(want.map((w) => [w[0], w[2]]));
        }
      }),
      { numRuns: 5 },
    );
  });

  it('reject: the outside rows are rejected with the reason and nothing is stored for them (atomic)', async () => {
    const tag = `${engine}-rej-${++run}`;
    const children: GenChild[] = generateCinChildren(5151, 30, { outside: true });
    const files = writeCinCensusFiles(children);
    const rejected = importCinCensus(files, {
      pseudonymise: (id) => `${tag}:${id}`,
      outsidePathway: 'reject',
    });
    const reasons = rejected.report.lines.filter((l) => l.reason.startsWith('the pathway has no move'));
    expect(reasons.length).toBeGreaterThan(0);
    const before = await store().cases.counts();
    const { report, stored } = await ingestAndRead(
      rejected.events,
      [...new Set(rejected.events.map((e) => e.case_ref))],
      'reject',
    );
    expect(report.outsidePathwayRows).toBe(0);
    // What is stored is exactly the importer's events: no flagged move, no stay of a rejected element.
    const after = await store().cases.counts();
    expect(after.events - before.events).toBe(rejected.events.length);
    for (const [ref, s] of stored) {
      const want = storedForm(rejected.events.filter((e) => e.case_ref === ref));
      expect(s).toEqual(want);
      expect(s.events.some((e) => e[3])).toBe(false);
    }
    // The flag-mode events given to an atomic ingest that rejects: illegal_move, nothing written at all.
    const flagged = importCinCensus(files, { pseudonymise: (id) => `${tag}b:${id}` });
    const atomic = await ingestEvents(store(), rowsOf(flagged.events, `${tag}b`), {
      mode: 'atomic',
      hmacKey: key,
      outsidePathway: 'reject',
    });
    expect(atomic.committed).toBe(false);
    expect(atomic.rejected.some((r) => r.code === 'illegal_move')).toBe(true);
    // (later rows of a refused case are refused with it)
    expect(atomic.rejected.every((r) => r.code === 'illegal_move' || r.code === 'case_rejected')).toBe(true);
    expect(await store().cases.counts()).toEqual(after);
  });

  it('the whole database holds no identifier, birth date, UPN or postcode of any generated fixture', async () => {
    const cin = generateCinChildren(engine === 'sqlite' ? 61 : 62, 40, { outside: true });
    const cinResult = importCinCensus(writeCinCensusFiles(cin), { pseudonymise: (id) => id });
    const c903 = generate903Children(engine === 'sqlite' ? 63 : 64, 40, { returns: true });
    const r903 = importSsda903(write903Return(c903), { pseudonymise: (id) => id });
    const annexA = await importAnnexA(await everyListWorkbook(), { pseudonymise: (id) => id });
    for (const [events, prefix] of [
      [cinResult.events, 'cin'],
      [r903.events, 'ssda903'],
      [annexA.events, 'annexa'],
    ] as const) {
      const report = await ingestEvents(store(), rowsOf(events, `${engine}-${prefix}`), {
        mode: 'atomic',
        hmacKey: key,
        outsidePathway: 'flag',
      });
      expect(report.committed).toBe(true);
    }
    const secrets = [
      ...cin.flatMap((c: GenChild) => [c.id, c.upn, c.dob, ...(c.death ? [c.death] : [])]),
      ...c903.flatMap((c: GenChild903) => [
        c.id,
        c.upn,
        c.dob,
        `${c.dob.slice(8, 10)}/${c.dob.slice(5, 7)}/${c.dob.slice(0, 4)}`,
        c.homePost,
      ]),
      'ZZ9 9ZZ',
      'SC123456',
      // Annex A's person columns: ids, birth dates (text and serial), worker names, a placement postcode.
      ...['A1', 'B2', 'C3', 'D4'],
      ...[
        '01/05/2012',
        '2012-05-01',
        '03/03/2015',
        '2015-03-03',
        '01/05/2010',
        '2010-05-01',
        '01/01/2002',
        '2002-01-01',
      ],
      ...['Ann Worker', 'Bob Worker', 'Cat Worker', 'Dee', 'Top Town Academy', 'AB1 2CD'],
    ];
    const dump = await dumpEveryTable(store());
    expect(dump).toContain('case_events');
    // The search finds what is there (a stage name), so an empty answer means absent.
    expect(leaks(dump, ['looked_after', 'care_leaver'])).toEqual(['looked_after', 'care_leaver']);
    expect(leaks(dump, secrets)).toEqual([]);
  });
});
