import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { compile, defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../../tests/support/sharedFixture.ts';
import { ageBandOf, yearsBetween } from '../annexA/codes.ts';
import type { CanonicalEvent } from '../canonicalEvent.ts';
import {
  expectedCinEvents,
  type GenChild,
  generateCinChildren,
  writeCinCensusFiles,
} from './cinCensus.fixture.ts';
import { cinQualityLines, qualityReportCsv } from '../csv/qualityReportCsv.ts';
import { type CinImportResult, importCinCensus } from './importCinCensus.ts';

const pathway = compile(defaultPathway);
const pseudonymise = (id: string) => createHmac('sha256', 'test-key').update(id).digest('hex');
const SAMPLE = 'cin-census/cin-2022-sample.xml';

function byCase(events: readonly CanonicalEvent[]): Map<string, CanonicalEvent[]> {
  const cases = new Map<string, CanonicalEvent[]>();
  for (const e of events) cases.set(e.case_ref, [...(cases.get(e.case_ref) ?? []), e]);
  return cases;
}

/** Replays every case through the pathway: throws on an illegal move or a date out of order. */
function assertLegal(events: readonly CanonicalEvent[]): void {
  for (const [ref, rows] of byCase(events)) {
    expect(rows[0]!.event, `${ref} opens without an event`).toBe('');
    for (let i = 1; i < rows.length; i++) {
      // A move with no event is one the pathway lacks (flagged on ingest), never a bridged one.
      if (rows[i]!.event === '')
        expect(pathway.eventsBetween(rows[i - 1]!.stage, rows[i]!.stage), `${ref} move ${i}`).toEqual([]);
      else expect(pathway.next(rows[i - 1]!.stage, rows[i]!.event), `${ref} move ${i}`).toBe(rows[i]!.stage);
      expect(rows[i]!.entered_at >= rows[i - 1]!.entered_at, `${ref} in date order`).toBe(true);
    }
  }
}

function assertAddsUp(result: CinImportResult): void {
  const { counts, elementsRead } = result.report;
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(elementsRead);
  expect(result.report.lines.every((l) => l.reason !== 'not read by the importer')).toBe(true);
}

const expectedOf = (children: readonly GenChild[]) =>
  children.flatMap((c) =>
    expectedCinEvents(c, pseudonymise(c.id), ageBandOf(yearsBetween(c.dob, c.episodes[0]!.referral))),
  );

describe('importCinCensus on generated census files', () => {
  it('reads a seeded history back field by field, merged across census years', () => {
    const children = generateCinChildren(7, 60);
    const files = writeCinCensusFiles(children);
    expect(files.length).toBeGreaterThan(2);
    const result = importCinCensus(files, { pseudonymise });
    assertLegal(result.events);
    assertAddsUp(result);
    expect(result.report.counts.rejected).toBe(0);
    expect(result.report.counts.outside_pathway).toBe(0);
    expect(result.cases).toBe(children.length);
    const got = byCase(result.events);
    for (const child of children) {
      const ref = pseudonymise(child.id);
      const want = expectedOf([child]);
      expect(got.get(ref), child.id).toEqual(want);
    }
  });

  it('any generated valid history reads back to exactly its stays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const children = generateCinChildren(seed, n);
        const result = importCinCensus(writeCinCensusFiles(children), { pseudonymise });
        const got = byCase(result.events);
        for (const child of children)
          expect(got.get(pseudonymise(child.id)), child.id).toEqual(expectedOf([child]));
        expect(result.events.length).toBe(expectedOf(children).length);
        assertAddsUp(result);
        expect(result.report.counts.rejected + result.report.counts.outside_pathway).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('histories with moves the pathway lacks: flag keeps each as recorded (no event), reject drops its stay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const children = generateCinChildren(seed, n, { outside: true });
        const files = writeCinCensusFiles(children);
        const flagged = importCinCensus(files, { pseudonymise });
        const got = byCase(flagged.events);
        // Exactly the recorded stays: the generator's outside moves come back with an empty event.
        for (const child of children)
          expect(got.get(pseudonymise(child.id)), child.id).toEqual(expectedOf([child]));
        assertLegal(flagged.events);
        assertAddsUp(flagged);
        const outsideStays = children
          .flatMap((c) => c.episodes.flatMap((e) => e.stays))
          .filter((s) => s.event === '');
        expect(flagged.report.counts.outside_pathway).toBe(outsideStays.length);
        expect(flagged.report.counts.rejected).toBe(0);

        const rejected = importCinCensus(files, { pseudonymise, outsidePathway: 'reject' });
        assertAddsUp(rejected);
        expect(rejected.report.counts.outside_pathway).toBe(0);
        // Each outside stay's start is rejected with the reason (and a later stay that the case, left
        // where it was, cannot reach either); no move lacks an event.
        const reasons = rejected.report.lines.filter((l) => l.reason.startsWith('the pathway has no move'));
        expect(reasons.length).toBeGreaterThanOrEqual(outsideStays.length);
        for (const l of reasons) expect(l.outcome).toBe('rejected');
        for (const rows of byCase(rejected.events).values())
          expect(rows.slice(1).every((r) => r.event !== '')).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('puts no identifier, UPN, birth or death date in the output rows', () => {
    const children = generateCinChildren(11, 40);
    const result = importCinCensus(writeCinCensusFiles(children), { pseudonymise });
    const out = JSON.stringify(result.events);
    for (const c of children) {
      for (const secret of [c.id, c.upn, c.dob, ...(c.death ? [c.death] : [])]) {
        expect(out.includes(secret), `${secret} leaked`).toBe(false);
      }
    }
  });

  it('counts referrals, re-referrals within 12 months, CP plans and repeat plans as the XML does', () => {
    const children = generateCinChildren(23, 120);
    const files = writeCinCensusFiles(children);
    const result = importCinCensus(files, { pseudonymise });
    expect(kpisFromRows(result.events)).toEqual(kpisFromXml(files.map((f) => f.xml)));
  });

  it('a CIN plan with no assessment: flagged as recorded (default) or rejected, never bridged', () => {
    const xml = `<Message><Children><Child><ChildIdentifiers><LAchildID>C1</LAchildID><GenderCurrent>2</GenderCurrent></ChildIdentifiers>
      <CINdetails><CINreferralDate>2021-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><CINclosureDate>2021-09-01</CINclosureDate><ReasonForClosure>RC2</ReasonForClosure>
      <CINPlanDates><CINPlanStartDate>2021-05-10</CINPlanStartDate><CINPlanEndDate>2021-09-01</CINPlanEndDate></CINPlanDates>
      <ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>`;
    const flagged = importCinCensus([{ name: 'x.xml', xml }], { pseudonymise });
    // The recorded CIN plan, entered with no event (ingest stores it flagged); no assessment invented.
    expect(flagged.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['front_door', '', '2021-05-01'],
      ['child_in_need', '', '2021-05-10'],
      ['closed', 'close_case', '2021-09-01'],
    ]);
    expect(flagged.report.outsidePathway).toEqual({ 'front_door -> child_in_need': 1 });
    expect(flagged.report.lines.map((l) => [l.element, l.outcome, l.reason])).toEqual([
      [
        'Child/CINdetails/CINPlanDates/CINPlanStartDate',
        'outside_pathway',
        'stored flagged: the pathway has no move from front_door to child_in_need',
      ],
    ]);
    assertAddsUp(flagged);

    const rejected = importCinCensus([{ name: 'x.xml', xml }], { pseudonymise, outsidePathway: 'reject' });
    expect(rejected.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['front_door', '', '2021-05-01'],
      ['closed', 'no_further_action', '2021-09-01'],
    ]);
    expect(rejected.report.outsidePathway).toEqual({ 'front_door -> child_in_need': 1 });
    expect(rejected.report.lines.map((l) => [l.element, l.outcome, l.reason])).toEqual([
      [
        'Child/CINdetails/CINPlanDates/CINPlanStartDate',
        'rejected',
        'the pathway has no move from front_door to child_in_need',
      ],
      ['Child/CINdetails/CINPlanDates/CINPlanEndDate', 'rejected', 'part of a stay outside the pathway'],
    ]);
    expect(rejected.report.counts.outside_pathway).toBe(0);
    assertAddsUp(rejected);
  });

  it('closes an NFA referral at the referral, with no re-referral', () => {
    const xml = `<Message><Children><Child><ChildIdentifiers><LAchildID>C2</LAchildID><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
      <CINdetails><CINreferralDate>2021-05-01</CINreferralDate><ReferralSource>4</ReferralSource><ReferralNFA>true</ReferralNFA></CINdetails></Child></Children></Message>`;
    const result = importCinCensus([{ name: 'x.xml', xml }], { pseudonymise });
    expect(result.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['front_door', '', '2021-05-01'],
      ['closed', 'no_further_action', '2021-05-01'],
    ]);
    assertAddsUp(result);
  });

  it('an NFA referral that makes no move (the case is already at the front door) is merged, and read again over the store, nothing is imported', () => {
    const xml = `<Message><Children><Child><ChildIdentifiers><LAchildID>C3</LAchildID></ChildIdentifiers>
      <CINdetails><CINreferralDate>2020-01-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails>
      <CINdetails><CINreferralDate>2020-03-01</CINreferralDate><ReferralNFA>true</ReferralNFA></CINdetails></Child></Children></Message>`;
    const first = importCinCensus([{ name: 'x.xml', xml }], { pseudonymise });
    expect(first.events.map((e) => e.stage)).toEqual(['front_door']);
    // Imported: the LAchildID and the first referral date; the NFA flag made nothing.
    expect(first.report.counts.imported).toBe(2);
    assertAddsUp(first);
    const again = importCinCensus([{ name: 'x.xml', xml }], {
      pseudonymise,
      stored: new Map([[pseudonymise('C3'), { stage: 'front_door', lastDate: '2020-03-01' }]]),
    });
    expect(again.events).toEqual([]);
    expect(again.report.counts.imported).toBe(0);
    expect(again.report.counts.merged).toBe(first.report.counts.merged + first.report.counts.imported);
    assertAddsUp(again);
  });

  it('a child none of whose referrals can be read: its id and sex are not counted imported', () => {
    const xml = `<Message><Children><Child><ChildIdentifiers><LAchildID>C4</LAchildID><GenderCurrent>2</GenderCurrent></ChildIdentifiers>
      <CINdetails><CINreferralDate>2020-13-01</CINreferralDate></CINdetails></Child></Children></Message>`;
    const result = importCinCensus([{ name: 'x.xml', xml }], { pseudonymise });
    expect(result.events).toEqual([]);
    expect(result.report.counts.imported).toBe(0);
    expect(result.report.lines.map((l) => l.reason)).not.toContain('not read by the importer');
    assertAddsUp(result);
  });

  it('rejects malformed files and unknown elements with a reason, counted', () => {
    const result = importCinCensus(
      [
        { name: 'bad.xml', xml: '<Message><Children>' },
        {
          name: 'odd.xml',
          xml: '<Message><Children><Child><ChildIdentifiers><LAchildID>C3</LAchildID></ChildIdentifiers><Shoe>9</Shoe><CINdetails><CINreferralDate>2021-13-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>',
        },
      ],
      { pseudonymise },
    );
    expect(result.report.files[0]!.problem).toMatch(/not readable XML/);
    expect(result.events).toEqual([]);
    expect(result.report.lines.map((l) => [l.element, l.reason])).toEqual([
      ['Child/Shoe', 'not an element of the CIN schema'],
      ['Child/CINdetails/CINreferralDate', 'the episode has no valid CINreferralDate'],
      ['Child/CINdetails/ReferralNFA', 'the episode has no valid CINreferralDate'],
    ]);
    assertAddsUp(result);
  });
});

describe('importCinCensus on elements named like personal data', () => {
  it("accounts for them by a withheld name: the report and its CSV never repeat a child's name or UPN", () => {
    const result = importCinCensus(
      [
        {
          name: 'odd.xml',
          xml: '<Message><Children><Child><ChildIdentifiers><LAchildID>C3</LAchildID><Jane_Smith>9</Jane_Smith></ChildIdentifiers><A123456789012><x>1</x></A123456789012></Child></Children></Message>',
        },
      ],
      { pseudonymise },
    );
    expect(result.report.lines.map((l) => [l.element, l.reason])).toEqual([
      ['Child/ChildIdentifiers/(name withheld)', 'not an element of the CIN schema'],
      ['Child/(name withheld)/x', 'not an element of the CIN schema'],
    ]);
    const text = JSON.stringify(result) + qualityReportCsv(cinQualityLines(result.report));
    expect(text).not.toMatch(/jane|smith|A123456789012/i);
    assertAddsUp(result);
  });
});

describe('importCinCensus on the public sample', () => {
  it('accounts for every element of the sample and leaks nothing', (ctx) => {
    const xml = readFileSync(sharedFixture(SAMPLE, ctx), 'utf8');
    const result = importCinCensus([{ name: 'cin-2022-sample.xml', xml }], { pseudonymise });
    assertLegal(result.events);
    assertAddsUp(result);
    const leaves = [...xml.matchAll(/<(\w+)>[^<]*<\/\1>/g)].length;
    expect(result.report.elementsRead).toBe(leaves);
    expect(result.report.counts).toEqual({
      imported: 7,
      merged: 3,
      not_stored: 17,
      outside_pathway: 1,
      rejected: 16,
    });
    // The sample's CIN plan has no assessment before it: kept as recorded, flagged on ingest.
    expect(result.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['front_door', '', '1970-10-06'],
      ['child_in_need', '', '1971-01-24'],
      ['closed', 'close_case', '1971-02-27'],
    ]);
    const rejecting = importCinCensus([{ name: 'cin-2022-sample.xml', xml }], {
      pseudonymise,
      outsidePathway: 'reject',
    });
    assertAddsUp(rejecting);
    expect(rejecting.report.counts).toEqual({
      imported: 7,
      merged: 2,
      not_stored: 17,
      outside_pathway: 0,
      rejected: 18,
    });
    expect(rejecting.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['front_door', '', '1970-10-06'],
      ['closed', 'no_further_action', '1971-02-27'],
    ]);
    const out = JSON.stringify(result.events);
    for (const secret of [
      'DfEX0000001',
      'A123456789123',
      'X98765432123B',
      '1966-03-24',
      '1966-03-22',
      '1980-10-08',
    ]) {
      expect(out.includes(secret), secret).toBe(false);
    }
  });
});

interface Kpis {
  referrals: number;
  reReferrals12m: number;
  cpPlans: number;
  repeatPlans: number;
}

/** The four counts written straight from the XML text (no importer code): the independent oracle. */
function kpisFromXml(xmls: readonly string[]): Kpis {
  const referrals = new Map<string, Set<string>>();
  const plans = new Map<string, Set<string>>();
  for (const xml of xmls) {
    for (const [, child] of xml.matchAll(/<Child>([\s\S]*?)<\/Child>/g)) {
      const id = /<LAchildID>([^<]*)</.exec(child!)![1]!;
      for (const [, d] of child!.matchAll(/<CINreferralDate>([^<]*)</g)) {
        referrals.set(id, (referrals.get(id) ?? new Set()).add(d!));
      }
      for (const [, d] of child!.matchAll(/<CPPstartDate>([^<]*)</g))
        plans.set(id, (plans.get(id) ?? new Set()).add(d!));
    }
  }
  return countKpis(referrals, plans);
}

/** The same four counts from the imported rows. */
function kpisFromRows(events: readonly CanonicalEvent[]): Kpis {
  const referrals = new Map<string, Set<string>>();
  const plans = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.stage === 'front_door')
      referrals.set(e.case_ref, (referrals.get(e.case_ref) ?? new Set()).add(e.entered_at));
    if (e.event === 'cp_plan') plans.set(e.case_ref, (plans.get(e.case_ref) ?? new Set()).add(e.entered_at));
  }
  return countKpis(referrals, plans);
}

function countKpis(referrals: Map<string, Set<string>>, plans: Map<string, Set<string>>): Kpis {
  let reReferrals12m = 0;
  for (const dates of referrals.values()) {
    const sorted = [...dates].sort();
    for (let i = 1; i < sorted.length; i++) {
      if (Date.parse(sorted[i]!) - Date.parse(sorted[i - 1]!) <= 365 * 86_400_000) reReferrals12m++;
    }
  }
  const sum = (m: Map<string, Set<string>>) => [...m.values()].reduce((a, s) => a + s.size, 0);
  const repeatPlans = [...plans.values()].reduce((a, s) => a + Math.max(0, s.size - 1), 0);
  return { referrals: sum(referrals), reReferrals12m, cpPlans: sum(plans), repeatPlans };
}
