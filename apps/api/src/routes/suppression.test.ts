import { fromDay, toDay } from '@continuum/analytics';
import { defaultPathway, effectiveMoves, PathwayDefinitionSchema } from '@continuum/machines';
import { csvRows, ingestEvents } from '@continuum/store';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

// Issue 11 item 3: a role without case-level access (viewer) never sees a count from 1 to 4, a
// duration of a group under 5, or a maximum; case-level roles still get exact numbers.

const moves = effectiveMoves(PathwayDefinitionSchema.parse(defaultPathway));
const header = 'case_ref,stage,entered_at,event,event_id,age_band';
const BANDS = ['10_15', '5_9', '16_17'];

/** A random small log: each case walks legal moves of the default pathway from the front door. */
const logArb = fc.array(
  fc.record({
    band: fc.constantFrom(...BANDS),
    start: fc.integer({ min: 0, max: 40 }),
    steps: fc.array(fc.record({ pick: fc.nat(), gap: fc.integer({ min: 0, max: 25 }) }), { maxLength: 4 }),
  }),
  { minLength: 1, maxLength: 14 },
);
type Cases = typeof logArb extends fc.Arbitrary<infer T> ? T : never;

function csvOf(run: number, origin: number, cases: Cases): string {
  const lines: string[] = [];
  cases.forEach((c, i) => {
    let day = origin + c.start;
    let stage = 'front_door';
    lines.push(`S${run}X${i},${stage},${fromDay(day)},,,${c.band}`);
    for (const step of c.steps) {
      const options = moves.get(stage) ?? [];
      if (options.length === 0) break;
      const move = options[step.pick % options.length]!;
      day += step.gap;
      stage = move.to;
      lines.push(`S${run}X${i},${stage},${fromDay(day)},${move.event},,`);
    }
  });
  return `${header}\n${lines.join('\n')}\n`;
}

type Json = Record<string, unknown>;
const isSmall = (v: unknown) => typeof v === 'number' && v >= 1 && v <= 4;
const COUNT_KEYS = [
  'entries',
  'exits',
  'openAtStart',
  'openAtEnd',
  'openAsOf',
  'moves',
  'cases',
  'completed',
  'withinTimescale',
  'openOverdue',
  'numerator',
];

/** Every place a viewer's map or KPI answer could give away a small group; returns what it finds. */
function leaksOf(body: Json, path = ''): string[] {
  const found: string[] = [];
  const visit = (node: unknown, at: string, parentKey: string) => {
    if (Array.isArray(node)) {
      node.forEach((x, i) => {
        visit(x, `${at}[${i}]`, parentKey);
      });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Json;
    for (const [k, v] of Object.entries(o)) {
      if (COUNT_KEYS.includes(k) && isSmall(v)) found.push(`${at}.${k}=${v}`);
      if (parentKey === 'events' && isSmall(v)) found.push(`${at}.${k}=${v}`);
      if (k === 'events' && v && typeof v === 'object') {
        for (const [e, n] of Object.entries(v)) if (isSmall(n)) found.push(`${at}.events.${e}=${n}`);
      }
    }
    // A duration summary: no figures unless the group has 5 or more stays, and never a maximum.
    if ('median' in o && 'p90' in o && 'max' in o) {
      if (o.max !== null) found.push(`${at}.max=${o.max}`);
      const n = o.count;
      if (typeof n !== 'number' || n < 5) {
        for (const k of ['mean', 'median', 'p90'] as const) {
          if (o[k] !== null) found.push(`${at}.${k}=${o[k]} (group ${n})`);
        }
      }
    }
    // KPI: a denominator that counts cases (not a population) and the complement it implies.
    if ('numerator' in o && 'denominator' in o && o.unit !== 'per_10000') {
      if (isSmall(o.denominator)) found.push(`${at}.denominator=${o.denominator}`);
      if (typeof o.numerator === 'number' && typeof o.denominator === 'number') {
        if (isSmall(o.denominator - o.numerator)) found.push(`${at} denominator-numerator small`);
      }
    }
    // Implied counts: shown totals minus shown parts.
    const t = o.timescale as Json | null | undefined;
    if (t && typeof t === 'object') {
      if (typeof t.completed === 'number' && typeof t.withinTimescale === 'number') {
        if (isSmall(t.completed - t.withinTimescale)) found.push(`${at} outside timescale small`);
      }
      if (typeof o.openAsOf === 'number' && typeof t.openOverdue === 'number') {
        if (isSmall(o.openAsOf - t.openOverdue)) found.push(`${at} not overdue small`);
      }
    }
    if ('openAtStart' in o && 'openAtEnd' in o) {
      const members = [o.openAtEnd, o.openAtStart, o.entries, o.exits];
      if (members.filter((m) => m === null).length === 1) found.push(`${at} open balance reveals one`);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'suppressed') visit(v, `${at}.${k}`, k);
  };
  visit(body, path, '');
  return found;
}

/** Every null the policy made is marked on its owner; no figure is silently blanked. */
function unmarkedNulls(map: Json): string[] {
  const out: string[] = [];
  for (const s of map.stages as Json[]) {
    const marks = (s.suppressed ?? {}) as Record<string, string>;
    for (const k of ['entries', 'exits', 'openAtStart', 'openAtEnd', 'openAsOf']) {
      if (s[k] === null && !marks[k]) out.push(`${s.stage}.${k}`);
    }
  }
  for (const t of map.transitions as Json[]) {
    const marks = (t.suppressed ?? {}) as Record<string, string>;
    for (const k of ['moves', 'cases', 'shareOfSourceExits'])
      if (t[k] === null && !marks[k]) out.push(`${t.from}>${t.to}.${k}`);
  }
  return out;
}

describeEachEngine('small-number suppression by role', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
  });
  const json = async (role: 'viewer' | 'analyst' | 'manager' | 'admin', path: string) => {
    const res = await t.call(role, 'GET', path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as Json;
  };

  it('a viewer never sees a count from 1 to 4, a small group duration or a maximum (random small logs)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        logArb,
        fc.constantFrom('', '&attr.age_band=10_15', '&ageBand=5_9,16_17'),
        fc.constantFrom('month', 'week'),
        fc.integer({ min: 20, max: 90 }),
        async (cases, filter, bucket, length) => {
          run++;
          // Each run writes its own cases into its own stretch of time (the store is append-only).
          const origin = toDay('2021-01-04') + run * 120;
          await ingestEvents(store(), csvRows([csvOf(run, origin, cases)]), {
            mode: 'atomic',
            hmacKey: t.deps.hmacKey,
          });
          const q = `from=${fromDay(origin)}&to=${fromDay(origin + length)}&bucket=${bucket}${filter}`;
          const map = await json('viewer', `/api/analytics/map?${q}`);
          const kpis = await json('viewer', `/api/analytics/kpis?${q}`);
          expect(leaksOf(map), `map ${q}`).toEqual([]);
          expect(leaksOf(kpis), `kpis ${q}`).toEqual([]);
          expect(unmarkedNulls(map)).toEqual([]);
          expect(map.suppression).toMatchObject({ applied: true, smallCounts: '1-4' });
          // What a viewer does see is exact: every shown count equals the case-level figure.
          const exact = await json('analyst', `/api/analytics/map?${q}`);
          const stages = map.stages as Json[];
          (exact.stages as Json[]).forEach((s, i) => {
            for (const k of ['entries', 'exits', 'openAtStart', 'openAtEnd', 'openAsOf']) {
              if (stages[i]![k] !== null) expect(stages[i]![k]).toBe(s[k]);
            }
          });
          // The map CSV a viewer downloads is suppressed the same way ("c" for a hidden figure).
          const csv = await (await t.call('viewer', 'GET', `/api/export/csv?what=map&${q}`)).text();
          const rows = parse(csv, { columns: true }) as Record<string, string>[];
          expect(rows.length).toBeGreaterThan(0);
          for (const row of rows) {
            for (const col of [
              'entries',
              'exits',
              'open_at_start',
              'open_at_end',
              'open_as_of',
              'open_overdue',
              'moves',
              'cases',
            ]) {
              expect(isSmall(Number(row[col] || 'x')), `${col} ${JSON.stringify(row)}`).toBe(false);
            }
          }
        },
      ),
      { numRuns: 14 },
    );
  }, 120_000);

  it('case-level roles still get exact small numbers', async () => {
    const origin = toDay('2019-03-04');
    const log = [
      `${header}`,
      ...Array.from({ length: 7 }, (_, k) => `EXACT${k},front_door,${fromDay(origin)},,,10_15`),
      ...[0, 1, 2].map((k) => `EXACT${k},closed,${fromDay(origin + 1)},no_further_action,,`),
    ].join('\n');
    await ingestEvents(store(), csvRows([`${log}\n`]), { mode: 'atomic', hmacKey: t.deps.hmacKey });
    const q = `from=${fromDay(origin)}&to=${fromDay(origin + 10)}`;
    for (const role of ['admin', 'manager', 'analyst'] as const) {
      const map = await json(role, `/api/analytics/map?${q}`);
      expect(map.suppression).toBeUndefined();
      const fd = (map.stages as Json[]).find((s) => s.stage === 'front_door')!;
      expect([fd.entries, fd.exits, fd.openAtEnd]).toEqual([7, 3, 4]);
      expect((fd.timeInStage as Json).max).toBe(1);
      const move = (map.transitions as Json[]).find((m) => m.to === 'closed')!;
      expect(move.moves).toBe(3);
    }
    const viewer = await json('viewer', `/api/analytics/map?${q}`);
    const fd = (viewer.stages as Json[]).find((s) => s.stage === 'front_door')!;
    expect(fd).toMatchObject({ entries: 7, exits: null, openAtEnd: null });
    expect(fd.suppressed).toMatchObject({
      exits: 'primary',
      openAtEnd: 'primary',
      'timeInStage.max': 'withheld',
    });
  });
});
