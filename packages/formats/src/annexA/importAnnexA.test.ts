import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compile, defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../../tests/support/sharedFixture.ts';
import type { CanonicalEvent } from '../canonicalEvent.ts';
import { buildWorkbook, everyListWorkbook } from './annexAWorkbook.fixture.ts';
import { buildTimeline } from './buildTimeline.ts';
import { importAnnexA } from './importAnnexA.ts';
import type { StageSpan } from './listSpecs.ts';
import { AnnexAError } from './readAnnexA.ts';

const pathway = compile(defaultPathway);
const pseudonymise = (id: string) => createHmac('sha256', 'test-key').update(id).digest('hex');
/** The external sample workbook, read only through sharedFixture(): without it those tests skip loudly. */
const SAMPLE = 'annex-a/Annex_A_sample.xlsx';

/** Replays every case through the pathway table: throws on the first illegal move or out-of-order date. */
function assertLegal(events: readonly CanonicalEvent[]): Map<string, CanonicalEvent[]> {
  const cases = new Map<string, CanonicalEvent[]>();
  for (const e of events) cases.set(e.case_ref, [...(cases.get(e.case_ref) ?? []), e]);
  for (const [ref, rows] of cases) {
    expect(rows[0]!.event, `${ref} opens without an event`).toBe('');
    for (let i = 1; i < rows.length; i++) {
      const prev = rows[i - 1]!;
      const row = rows[i]!;
      expect(pathway.next(prev.stage, row.event), `${ref}: ${prev.stage} --${row.event}-->`).toBe(row.stage);
      expect(row.entered_at >= prev.entered_at, `${ref} in date order`).toBe(true);
    }
  }
  return cases;
}

const stagesOf = (rows: readonly CanonicalEvent[] | undefined) => (rows ?? []).map((r) => r.stage);

describe('importAnnexA on the shared sample workbook', () => {
  it('reads every list, makes legal sequences and keeps nothing identifying', async (ctx) => {
    const bytes = readFileSync(sharedFixture(SAMPLE, ctx));
    const result = await importAnnexA(bytes, { pseudonymise });
    expect(result.lists.map((l) => [l.list, l.rowsRead, l.rejected])).toEqual([
      [1, 5, 0],
      [2, 5, 0],
      [3, 6, 0],
      [4, 5, 0],
      [5, 5, 0],
      [6, 5, 0],
      [7, 7, 0],
      [8, 5, 0],
      [9, 6, 0],
    ]);
    for (const list of result.lists) expect(list.eventsMade, `list ${list.list}`).toBeGreaterThan(0);
    // List 6 row 2 carries a local need code (PSRMEM): imported, with the attribute left blank and noted.
    expect(result.lists[5]!.notes).toEqual([
      {
        row: 2,
        note: 'Primary Need Code "PSRMEM - Support with memory and cognition" is not a DfE need code N0-N9 (left blank)',
      },
    ]);
    expect(result.events.length).toBe(result.lists.reduce((n, l) => n + l.eventsMade, 0));
    const cases = assertLegal(result.events);
    expect(cases.size).toBe(result.cases);
    const text = JSON.stringify(result.events);
    // Raw child IDs, worker names, postcodes and dates of birth from the sample must all be gone.
    for (const leak of [
      '9212044',
      '6537810',
      'Dustin Hazlett',
      'Eugene Swift',
      'T28 2WB',
      '2015-01-25',
      'WBRI',
    ]) {
      expect(text).not.toContain(leak);
    }
    // Child 6537810 was referred and went to a section 47 that produced a plan (lists 3 and 5).
    expect(stagesOf(cases.get(pseudonymise('6537810')))).toEqual([
      'front_door',
      's47_enquiry',
      'child_protection',
    ]);
    // A care leaver's activity status becomes the coded `activity` attribute.
    const leaver = cases.get(pseudonymise('7961370'));
    expect(leaver?.[0]?.attributes?.activity).toBe('eet');
    expect(cases.get(pseudonymise('13782635'))?.[0]?.attributes?.activity).toBe('neet');
  });
});

describe('importAnnexA on built workbooks', () => {
  const everyList = everyListWorkbook;

  it('continues children the store already has, from their stored stage after their last date', async (ctx) => {
    const bytes = readFileSync(sharedFixture(SAMPLE, ctx));
    const first = await importAnnexA(bytes, { pseudonymise });
    const child = pseudonymise('6537810');
    const rows = first.events.filter((e) => e.case_ref === child);
    const s47 = rows.find((e) => e.stage === 's47_enquiry')!;
    const asked: string[][] = [];
    const later = await importAnnexA(bytes, {
      pseudonymise,
      storedPositions: async (refs) => {
        asked.push([...refs]);
        return new Map([[child, { stage: 's47_enquiry', lastDate: s47.entered_at }]]);
      },
    });
    expect(asked[0]).toHaveLength(first.cases);
    expect(later.continued).toBe(1);
    // Its referral and enquiry are already stored: only the plan that followed comes again.
    const moves = (list: readonly CanonicalEvent[]) => list.map((e) => [e.stage, e.event, e.entered_at]);
    expect(moves(rows.filter((e) => e.entered_at > s47.entered_at))).toEqual([
      ['child_protection', 'cp_plan', expect.any(String)],
    ]);
    expect(moves(later.events.filter((e) => e.case_ref === child))).toEqual(
      moves(rows.filter((e) => e.entered_at > s47.entered_at)),
    );
    expect(later.events.length).toBe(
      first.events.length - rows.filter((e) => e.entered_at <= s47.entered_at).length,
    );
  });

  it('maps every list through renamed sheets, title rows, serial and text dates and prefixed codes', async () => {
    const result = await importAnnexA(await everyList(), { pseudonymise, extractDate: '2021-03-31' });
    expect(result.lists.every((l) => l.problem === undefined && l.rejected === 0)).toBe(true);
    expect(result.lists.map((l) => l.sheet)).toEqual([
      'List_1',
      'List 2 - Early help',
      'List 3 Referrals',
      'list4',
      'List 5',
      'List 6',
      'List 7',
      'List 8',
      'List 9',
    ]);
    const cases = assertLegal(result.events);
    const a = cases.get(pseudonymise('A1'))!;
    expect(a.map((r) => [r.entered_at, r.stage, r.event])).toEqual([
      ['2020-01-02', 'front_door', ''],
      ['2020-01-03', 'assessment', 'accept_referral'],
      ['2020-02-14', 'child_in_need', 'cin_plan'],
      ['2020-02-20', 's47_enquiry', 'start_s47'],
      ['2020-03-05', 'child_protection', 'cp_plan'],
      ['2020-09-01', 'looked_after', 'become_looked_after'],
    ]);
    expect(a[0]!.attributes).toEqual({ sex: 'female', age_band: '5_9', referral_source: '6' });
    expect(a[2]!.attributes).toEqual({ primary_need: 'N1' });
    expect(a[4]!.attributes).toEqual({ abuse_category: 'neglect' });
    expect(a[5]!.attributes).toEqual({ legal_status: 'C2', placement_type: 'U6' });
    // B2: early help from a serial date, then a contact and a referral: stepped up via the front door.
    const b = cases.get(pseudonymise('B2'))!;
    expect(b.map((r) => [r.entered_at, r.stage, r.event])).toEqual([
      ['2019-03-03', 'early_help', ''],
      ['2020-03-01', 'front_door', 'step_up'],
      ['2020-03-01', 'assessment', 'accept_referral'],
    ]);
    expect(stagesOf(cases.get(pseudonymise('C3')))).toEqual(['front_door', 'closed']);
    const d = cases.get(pseudonymise('D4'))!;
    expect(d).toEqual([
      {
        case_ref: pseudonymise('D4'),
        stage: 'care_leaver',
        entered_at: '2021-03-31',
        event: '',
        attributes: { sex: 'male', age_band: '18_plus', activity: 'neet' },
      },
    ]);
    const text = JSON.stringify(result.events);
    for (const leak of ['"A1"', 'Ann Worker', 'AB1 2CD', '2012-05-01', 'Top Town'])
      expect(text).not.toContain(leak);
  });

  it('accounts for every row once: imported, merged (already recorded) or rejected with a reason', async () => {
    const common = ['Child Unique ID', 'Gender', 'Date of Birth', 'Allocated Worker'];
    const referral = ['A1', 'b) Female', '01/05/2012', 'Ann', '03/01/2020', 'q) 6: Police', 'No'];
    const bytes = await buildWorkbook([
      {
        name: 'List 1',
        header: [...common, 'Date of Contact', 'Contact Source'],
        rows: [['A1', 'b) Female', '01/05/2012', 'Ann', '02/01/2020', 'q) 6: Police']],
      },
      {
        name: 'List 3',
        header: [...common, 'Date of Referral', 'Referral Source', 'Referral NFA?'],
        // The same referral twice (merged: the first made the move), and a row without a child ID.
        rows: [referral, referral, ['', 'a) Male', '', 'Bob', '04/01/2020', 'q) 6: Police', 'No']],
      },
    ]);
    const first = await importAnnexA(bytes, { pseudonymise, extractDate: '2020-06-30' });
    const [contacts, , referrals] = first.lists;
    expect(contacts).toMatchObject({ rowsRead: 1, imported: 1, merged: 0, rejected: 0 });
    expect(referrals).toMatchObject({ rowsRead: 3, imported: 1, merged: 1, rejected: 1 });
    expect(referrals!.rejections).toEqual([{ row: 4, reason: 'no Child Unique ID' }]);
    // The same workbook again, with the child stored at its last event: every valid row is merged.
    const last = first.events.at(-1)!;
    const again = await importAnnexA(bytes, {
      pseudonymise,
      extractDate: '2020-06-30',
      storedPositions: async () =>
        new Map([[last.case_ref, { stage: last.stage, lastDate: last.entered_at }]]),
    });
    expect(again.events).toEqual([]);
    expect(again.lists[2]).toMatchObject({ rowsRead: 3, imported: 0, merged: 2, rejected: 1 });
    for (const result of [first, again]) {
      for (const l of result.lists)
        expect(l.imported + l.merged + l.outsidePathway + l.rejected, `list ${l.list}`).toBe(l.rowsRead);
    }
  });

  it('accounts for every row of every list of the generated workbook', async () => {
    const result = await importAnnexA(await everyList(), { pseudonymise, extractDate: '2021-03-31' });
    for (const l of result.lists) {
      expect(l.imported + l.merged + l.outsidePathway + l.rejected, `list ${l.list}`).toBe(l.rowsRead);
      expect(l.imported, `list ${l.list}`).toBeGreaterThan(0);
    }
  });

  it('reports a missing list and still imports the others', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'List 3',
        header: ['Child Unique ID', 'Date of Referral', 'Referral NFA?'],
        rows: [['X', '01/02/2021', 'Yes']],
      },
    ]);
    const result = await importAnnexA(bytes, { pseudonymise });
    expect(result.lists.find((l) => l.list === 4)).toMatchObject({
      sheet: null,
      problem: 'list not in the workbook',
    });
    expect(result.lists.find((l) => l.list === 3)).toMatchObject({ rowsRead: 1, eventsMade: 2, rejected: 0 });
    expect(result.extractDate).toBe('2021-02-01');
  });

  it('rejects a row whose end is before its start, and says why', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'List 7',
        header: ['Child Unique ID', 'Child Protection Plan Start Date', 'Child Protection Plan End Date'],
        rows: [
          ['P1', '01/06/2020', '01/05/2020'],
          ['P2', '01/06/2020', 'soon'],
          ['', '01/06/2020', ''],
          ['P3', '01/06/2020', ''],
        ],
      },
    ]);
    const result = await importAnnexA(bytes, { pseudonymise, extractDate: '2021-01-01' });
    const list7 = result.lists.find((l) => l.list === 7)!;
    expect(list7.rowsRead).toBe(4);
    expect(list7.rejected).toBe(3);
    expect(list7.rejections).toEqual([
      {
        row: 2,
        reason:
          'Child Protection Plan End Date (2020-05-01) is before Child Protection Plan Start Date (2020-06-01)',
      },
      { row: 3, reason: 'Child Protection Plan End Date is not a date' },
      { row: 4, reason: 'no Child Unique ID' },
    ]);
    expect(result.events).toEqual([
      { case_ref: pseudonymise('P3'), stage: 'child_protection', entered_at: '2020-06-01', event: '' },
    ]);
  });

  it('refuses a list whose required column is missing, naming it', async () => {
    const bytes = await buildWorkbook([
      { name: 'List 6', header: ['Child Unique ID', 'Start'], rows: [['Q', '01/01/2020']] },
      { name: 'List 1', header: ['Child Unique ID', 'Date of Contact'], rows: [['Q', '01/01/2020']] },
    ]);
    const result = await importAnnexA(bytes, { pseudonymise });
    const list6 = result.lists.find((l) => l.list === 6)!;
    expect(list6.problem).toMatch(/missing column "start"/);
    expect(list6.rejected).toBe(1);
    expect(result.events.map((e) => e.stage)).toEqual(['front_door', 'closed']);
  });

  it("withholds a list sheet's name that looks like personal data wherever the report names the sheet", async () => {
    const bytes = await buildWorkbook([
      {
        name: 'List 1 - Jayden Okafor',
        header: ['Child Unique ID', 'Date of Contact'],
        rows: [['A1', '2021-01-04']],
      },
    ]);
    const result = await importAnnexA(bytes, { pseudonymise });
    expect(result.lists.find((l) => l.list === 1)!.sheet).toBe(
      "(sheet name withheld: it looks like a person's name)",
    );
    expect(JSON.stringify(result)).not.toMatch(/jayden|okafor/i);
  });

  it('fails clearly on a file that is not a workbook', async () => {
    const bytes = new TextEncoder().encode('case_ref,stage\nx,front_door\n');
    await expect(importAnnexA(bytes, { pseudonymise })).rejects.toThrow(AnnexAError);
    await expect(importAnnexA(bytes, { pseudonymise })).rejects.toMatchObject({ code: 'not_a_workbook' });
    const noLists = await buildWorkbook([{ name: 'Sheet1', header: ['a'], rows: [] }]);
    await expect(importAnnexA(noLists, { pseudonymise })).rejects.toMatchObject({ code: 'no_lists' });
    // Neither message repeats what is inside the file: a sheet may be named after a child.
    const named = await buildWorkbook([{ name: 'Jayden Okafor', header: ['a'], rows: [] }]);
    await expect(importAnnexA(named, { pseudonymise })).rejects.toThrow(
      'no Annex A list sheets found among its 1 sheet(s); expected names such as "List 1" or "List_1"',
    );
    await expect(importAnnexA(bytes, { pseudonymise })).rejects.toThrow(
      'not an .xlsx workbook (it could not be opened as one: damaged, or saved in another format)',
    );
  });
});

describe('buildTimeline', () => {
  const stages = [
    'front_door',
    'early_help',
    'assessment',
    'child_in_need',
    's47_enquiry',
    'child_protection',
    'looked_after',
    'care_leaver',
  ];
  const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const span = fc
    .record({
      stage: fc.constantFrom(...stages),
      start: fc.integer({ min: 0, max: 400 }),
      length: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      soft: fc.boolean(),
      list: fc.integer({ min: 1, max: 9 }),
    })
    .map(
      (s): StageSpan => ({
        stage: s.stage,
        start: day(s.start),
        end: s.soft || s.length === undefined ? undefined : day(s.start + s.length),
        soft: s.soft,
        list: s.list,
      }),
    );

  it('continues a child the store already has (reject): only later dates, bridged legally from its stored stage', () => {
    const storedStage = fc.constantFrom(...stages, 'closed');
    fc.assert(
      fc.property(
        fc.array(span, { minLength: 1, maxLength: 8 }),
        storedStage,
        fc.integer({ min: 0, max: 600 }),
        (spans, stage, last) => {
          const lastDate = day(last);
          const events = buildTimeline('c', spans, pathway, {}, { stage, lastDate }, [], 'reject').map(
            (t) => t.event,
          );
          let current = stage;
          let at = lastDate;
          for (const e of events) {
            expect(e.entered_at > lastDate, 'after the last recorded date').toBe(true);
            expect(e.entered_at >= at).toBe(true);
            expect(pathway.next(current, e.event), `${current} --${e.event}-->`).toBe(e.stage);
            current = e.stage;
            at = e.entered_at;
          }
        },
      ),
    );
  });

  it('always yields a legal, date-ordered sequence for any overlap of visits (reject)', () => {
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 8 }), (spans) => {
        // reject: every move is the pathway's (flag is checked in annexAInventsNothing.test.ts).
        const events = buildTimeline('c', spans, pathway, {}, undefined, [], 'reject').map((t) => t.event);
        expect(events.length).toBeGreaterThan(0);
        assertLegal(events);
      }),
    );
  });
});
