import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageBandOf, yearsBetween } from '../annexA/codes.ts';
import type { CanonicalEvent } from '../canonicalEvent.ts';
import { write903Xml } from '../testing/ssda903XmlWriter.ts';
import { importSsda903 } from './importSsda903.ts';
import { importSsda903Xml, type Ssda903XmlImportResult } from './importSsda903Xml.ts';
import {
  expected903Events,
  type GenChild903,
  generate903Children,
  write903Return,
} from './ssda903.fixture.ts';

const pseudonymise = (id: string) => createHmac('sha256', 'test-key').update(id).digest('hex');

const byCase = (events: readonly CanonicalEvent[]) => {
  const cases = new Map<string, CanonicalEvent[]>();
  for (const e of events) cases.set(e.case_ref, [...(cases.get(e.case_ref) ?? []), e]);
  return cases;
};

const expectedOf = (c: GenChild903) =>
  expected903Events(c, pseudonymise(c.id), ageBandOf(yearsBetween(c.dob, c.episodes[0]!.start)));

/** Every element counted once, every row counted once, and the lines list exactly the rejected and flagged elements. */
function assertAddsUp(result: Ssda903XmlImportResult): void {
  const { elements } = result;
  expect(Object.values(elements.counts).reduce((a, b) => a + b, 0)).toBe(elements.elementsRead);
  expect(elements.lines.length).toBe(elements.counts.rejected + elements.counts.outside_pathway);
  for (const t of result.report.tables)
    expect(
      Object.values(t.counts).reduce((a, b) => a + b, 0),
      t.table,
    ).toBe(t.rowsRead);
}

/** The data elements the writer puts in a child: 5 header, 12 per episode, 3 in OC3. */
const elementsOf = (children: readonly GenChild903[]) =>
  children.reduce(
    (n, c) => n + 5 + 12 * (c.episodes.length + (c.secondPeriod?.length ?? 0)) + (c.careLeaver ? 3 : 0),
    0,
  );

describe('importSsda903Xml on generated returns', () => {
  it('reads a seeded XML return back field by field, every element accounted for', () => {
    const children = generate903Children(5, 80);
    const result = importSsda903Xml([write903Xml(children, { seed: 5 })], { pseudonymise });
    assertAddsUp(result);
    const got = byCase(result.events);
    for (const c of children) expect(got.get(pseudonymise(c.id)), c.id).toEqual(expectedOf(c));
    expect(result.report.periodsOfCare).toBe(children.length);
    expect(result.elements.elementsRead).toBe(elementsOf(children));
    expect(result.elements.counts.rejected).toBe(0);
    expect(result.elements.counts.outside_pathway).toBe(0);
    // Per header: UPN, DOB, ETHNIC; per episode: provider, reason for change, two postcodes, URN.
    const episodes = children.reduce((n, c) => n + c.episodes.length, 0);
    expect(result.elements.counts.not_stored).toBe(3 * children.length + 5 * episodes);
    const episodesTable = result.report.tables.find((t) => t.table === 'episodes')!;
    expect(episodesTable.rowsRead).toBe(episodes);
    expect(episodesTable.notStored).toEqual([
      'PLACE_PROVIDER',
      'REASON_PLACE_CHANGE',
      'HOME_POST',
      'PL_POST',
      'URN',
    ]);
    expect(result.report.tables.find((t) => t.table === 'careLeavers')!.counts.imported).toBe(
      children.filter((c) => c.careLeaver).length,
    );
  });

  it('the XML and the CSV of the same generated children import to identical events and counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        fc.constantFrom('flag' as const, 'reject' as const),
        (seed, n, iso, outsidePathway) => {
          const children = generate903Children(seed, n, { returns: true });
          const csv = importSsda903(write903Return(children, { seed, iso }), {
            pseudonymise,
            outsidePathway,
          });
          const xml = importSsda903Xml([write903Xml(children, { seed, iso })], {
            pseudonymise,
            outsidePathway,
          });
          assertAddsUp(xml);
          const sorted = (events: readonly CanonicalEvent[]) =>
            [...byCase(events).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
          expect(sorted(xml.events)).toEqual(sorted(csv.events));
          expect(xml.cases).toBe(csv.cases);
          expect(xml.report.periodsOfCare).toBe(csv.report.periodsOfCare);
          expect(xml.report.outsidePathway).toEqual(csv.report.outsidePathway);
          const rows = (r: typeof csv, table: string) =>
            r.report.tables.find((t) => t.table === table)?.counts;
          for (const table of ['episodes', 'header'])
            expect(rows(xml, table), table).toEqual(rows(csv, table));
          // Each flagged or rejected episode row shows in its data elements (DECOM, RNE, LS, CIN, PL, DEC, REC).
          const returns = children.filter((c) => c.secondPeriod).length;
          if (outsidePathway === 'flag') expect(xml.elements.counts.outside_pathway).toBe(7 * returns);
          else expect(xml.elements.counts.rejected).toBe(7 * returns);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('puts no child id, UPN, birth date or postcode in the events', () => {
    const children = generate903Children(9, 50);
    const result = importSsda903Xml([write903Xml(children, { seed: 9 })], { pseudonymise });
    const out = JSON.stringify(result.events);
    const cases = byCase(result.events);
    for (const c of children) {
      for (const secret of [c.id, c.upn, c.homePost, 'ZZ9 9ZZ', 'SC123456'])
        expect(out.includes(secret), `${secret} leaked`).toBe(false);
      expect(JSON.stringify(cases.get(pseudonymise(c.id))).includes(c.dob), `${c.id} birth date`).toBe(false);
    }
  });
});

const one = (episode: string, header = '<CHILDID>77</CHILDID><SEX>2</SEX>') =>
  `<?xml version="1.0"?>\n<EXPSSDA903>\n<CHILD>\n<HEADER>${header}</HEADER>\n<EPISODE>${episode}</EPISODE>\n</CHILD>\n</EXPSSDA903>\n`;
const EPISODE =
  '<DECOM>01/02/2019</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><DEC>01/03/2019</DEC><REC>E13</REC>';

describe('importSsda903Xml refusals', () => {
  it('malformed XML, or XML that is not the return: the file is refused with the reason, nothing read', () => {
    const bad = importSsda903Xml(
      [
        { name: 'broken.xml', xml: '<EXPSSDA903><CHILD><HEADER></CHILD>' },
        { name: 'cin.xml', xml: '<Message><Children><Child/></Children></Message>' },
      ],
      { pseudonymise },
    );
    expect(bad.events).toEqual([]);
    expect(bad.elements.elementsRead).toBe(0);
    expect(bad.elements.files[0]!.problem).toMatch(/^not readable XML: .*1:/);
    expect(bad.elements.files[1]!.problem).toMatch(/not an SSDA903 XML return \(expected an EXPSSDA903 root/);
  });

  it('unknown elements are rejected with the path and line; the episode still imports', () => {
    const result = importSsda903Xml(
      [
        {
          name: 'u.xml',
          xml: one(`${EPISODE}<COLOUR>red</COLOUR>`).replace(
            '</CHILD>',
            '<PETS><DOG>x</DOG></PETS>\n</CHILD>',
          ),
        },
      ],
      { pseudonymise },
    );
    assertAddsUp(result);
    expect(result.events.map((e) => [e.stage, e.entered_at])).toEqual([
      ['looked_after', '2019-02-01'],
      ['closed', '2019-03-01'],
    ]);
    expect(result.elements.lines).toEqual([
      {
        file: 'u.xml',
        line: 5,
        element: 'CHILD/EPISODE/COLOUR',
        outcome: 'rejected',
        reason: 'not an element of the SSDA903 XML return',
      },
      {
        file: 'u.xml',
        line: 6,
        element: 'CHILD/PETS/DOG',
        outcome: 'rejected',
        reason: 'not an element of the SSDA903 XML return',
      },
    ]);
    expect(result.elements.counts).toEqual({
      imported: 9,
      merged: 0,
      not_stored: 0,
      outside_pathway: 0,
      rejected: 2,
    });
  });

  it('personal data in a code field refuses the episode (checked raw, the value never shown)', () => {
    for (const [field, value] of [
      ['LS', 'Jane Smith'],
      ['PL', 'AB12 3CD'],
      ['REC', '07700 900123'],
      ['CIN', '12/03/2011'],
    ] as const) {
      const xml = one(
        EPISODE.replace(new RegExp(`<${field}>[^<]*</${field}>`), `<${field}>${value}</${field}>`),
      );
      const result = importSsda903Xml([{ name: 'p.xml', xml }], { pseudonymise });
      assertAddsUp(result);
      expect(result.events, field).toEqual([]);
      const column = field === 'PL' ? 'PLACE' : field;
      expect(result.report.lines.filter((l) => l.outcome === 'rejected')).toEqual([
        expect.objectContaining({
          row: 5,
          field: column,
          outcome: 'rejected',
          reason: expect.stringMatching(/^looks like .*value is not shown/),
        }),
      ]);
      expect(result.elements.counts.rejected, field).toBe(7);
      expect(JSON.stringify(result)).not.toContain(value);
    }
  });

  it('a child with no CHILDID: its episodes are rejected, counted', () => {
    const result = importSsda903Xml([{ name: 'n.xml', xml: one(EPISODE, '<SEX>1</SEX>') }], { pseudonymise });
    assertAddsUp(result);
    expect(result.events).toEqual([]);
    expect(result.report.lines.map((l) => [l.field, l.reason])).toContainEqual(['CHILD', 'no child id']);
    expect(result.elements.counts.rejected).toBe(8);
  });
});
