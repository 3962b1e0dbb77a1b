import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../../tests/support/sharedFixture.ts';
import { ageBandOf, yearsBetween } from '../annexA/codes.ts';
import type { CanonicalEvent } from '../canonicalEvent.ts';
import {
  expected903Events,
  type GenChild903,
  generate903Children,
  write903Return,
} from './ssda903.fixture.ts';
import { importSsda903, type Ssda903ImportResult } from './importSsda903.ts';

const pseudonymise = (id: string) => createHmac('sha256', 'test-key').update(id).digest('hex');

function byCase(events: readonly CanonicalEvent[]): Map<string, CanonicalEvent[]> {
  const cases = new Map<string, CanonicalEvent[]>();
  for (const e of events) cases.set(e.case_ref, [...(cases.get(e.case_ref) ?? []), e]);
  return cases;
}

function assertAddsUp(result: Ssda903ImportResult): void {
  for (const t of result.report.tables) {
    expect(
      Object.values(t.counts).reduce((a, b) => a + b, 0),
      t.file,
    ).toBe(t.rowsRead);
  }
  const notImported = result.report.tables.reduce((a, t) => a + t.rowsRead - t.counts.imported, 0);
  expect(result.report.lines.length).toBe(notImported);
}

const expectedOf = (c: GenChild903) =>
  expected903Events(c, pseudonymise(c.id), ageBandOf(yearsBetween(c.dob, c.episodes[0]!.start)));

describe('importSsda903 on generated returns', () => {
  it('returns to care after a closure: flagged as recorded (no event), or rejected with their rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 12 }), (seed, n) => {
        const children = generate903Children(seed, n, { returns: true });
        const input = write903Return(children, { seed });
        const flagged = importSsda903(input, { pseudonymise });
        const got = byCase(flagged.events);
        for (const c of children) expect(got.get(pseudonymise(c.id)), c.id).toEqual(expectedOf(c));
        assertAddsUp(flagged);
        const returns = children.filter((c) => c.secondPeriod).length;
        const episodes = flagged.report.tables.find((t) => t.table === 'episodes')!;
        expect(episodes.counts.outside_pathway).toBe(returns);
        expect(flagged.report.outsidePathway).toEqual(
          returns > 0 ? { 'closed -> looked_after': returns } : {},
        );

        const rejected = importSsda903(input, { pseudonymise, outsidePathway: 'reject' });
        assertAddsUp(rejected);
        for (const c of children) {
          const { secondPeriod: _returned, ...firstOnly } = c;
          const want = expectedOf(firstOnly);
          expect(byCase(rejected.events).get(pseudonymise(c.id)), c.id).toEqual(want);
        }
        const lines = rejected.report.lines.filter(
          (l) => l.reason === 'the pathway has no move from closed to looked_after',
        );
        expect(lines.length).toBe(returns);
      }),
      { numRuns: 40 },
    );
  });

  it('reads a seeded return back field by field (periods of care, codes, care leavers)', () => {
    const children = generate903Children(5, 80);
    const result = importSsda903(write903Return(children), { pseudonymise });
    assertAddsUp(result);
    expect(result.report.lines.every((l) => l.outcome === 'merged')).toBe(true);
    const got = byCase(result.events);
    for (const c of children) expect(got.get(pseudonymise(c.id)), c.id).toEqual(expectedOf(c));
    expect(result.report.periodsOfCare).toBe(children.length);
    expect(result.report.tables.find((t) => t.table === 'episodes')!.notStored).toEqual([
      'PLACE_PROVIDER',
      'REASON_PLACE_CHANGE',
      'HOME_POST',
      'PL_POST',
      'URN',
    ]);
  });

  it('any generated valid return (DfE or ISO dates) reads back to exactly its stays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        (seed, n, iso) => {
          const children = generate903Children(seed, n);
          const result = importSsda903(write903Return(children, { iso, seed }), { pseudonymise });
          const got = byCase(result.events);
          for (const c of children) expect(got.get(pseudonymise(c.id))).toEqual(expectedOf(c));
          expect(result.events.length).toBe(children.reduce((a, c) => a + expectedOf(c).length, 0));
          assertAddsUp(result);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('puts no child id, UPN, birth date or postcode in the output rows', () => {
    const children = generate903Children(9, 50);
    const result = importSsda903(write903Return(children), { pseudonymise });
    const out = JSON.stringify(result.events);
    const cases = byCase(result.events);
    for (const c of children) {
      for (const secret of [c.id, c.upn, c.homePost, 'ZZ9 9ZZ', 'SC123456']) {
        expect(out.includes(secret), `${secret} leaked`).toBe(false);
      }
      // A birth date could equal another child's event date by chance: each child's own rows are checked.
      expect(JSON.stringify(cases.get(pseudonymise(c.id))).includes(c.dob), `${c.id} birth date`).toBe(false);
    }
  });

  it('counts looked-after starts and endings as the CSV does', () => {
    const children = generate903Children(31, 150);
    const input = write903Return(children);
    const result = importSsda903(input, { pseudonymise });
    const csv = (input.episodes as { csv: string }).csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const starts = csv.filter((r) => r[2] === 'S').length;
    const endings = csv.filter((r) => r[8] !== '' && r[8] !== 'X1').length;
    expect(result.events.filter((e) => e.stage === 'looked_after').length).toBe(starts);
    expect(result.events.filter((e) => e.stage === 'closed' || e.stage === 'care_leaver').length).toBe(
      endings,
    );
  });

  it('a second period of care after a closure: flagged as recorded (default) or rejected, no referral invented', () => {
    const csv = `CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC
7,01/02/2019,S,C2,N1,U1,01/03/2019,E13
7,01/06/2019,S,C2,N1,U1,,
`;
    const flagged = importSsda903({ episodes: { name: 'e.csv', csv } }, { pseudonymise });
    expect(flagged.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['looked_after', '', '2019-02-01'],
      ['closed', 'cease_care', '2019-03-01'],
      ['looked_after', '', '2019-06-01'],
    ]);
    expect(flagged.report.periodsOfCare).toBe(2);
    expect(flagged.report.outsidePathway).toEqual({ 'closed -> looked_after': 1 });
    expect(flagged.report.lines).toEqual([
      {
        file: 'e.csv',
        table: 'episodes',
        row: 3,
        field: 'DECOM',
        outcome: 'outside_pathway',
        reason: 'stored flagged: the pathway has no move from closed to looked_after',
      },
    ]);
    assertAddsUp(flagged);

    const rejected = importSsda903(
      { episodes: { name: 'e.csv', csv } },
      { pseudonymise, outsidePathway: 'reject' },
    );
    expect(rejected.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['looked_after', '', '2019-02-01'],
      ['closed', 'cease_care', '2019-03-01'],
    ]);
    expect(rejected.report.periodsOfCare).toBe(1);
    expect(rejected.report.lines).toEqual([
      {
        file: 'e.csv',
        table: 'episodes',
        row: 3,
        field: 'DECOM',
        outcome: 'rejected',
        reason: 'the pathway has no move from closed to looked_after',
      },
    ]);
    assertAddsUp(rejected);
  });

  it('rejects bad rows with the field and the problem, counted', () => {
    const csv = `CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC
,01/02/2019,S,C2,N1,U1,,
8,31/02/2019,S,C2,N1,U1,,
9,01/02/2019,Q,C2,N1,U1,,
10,01/02/2019,S,C2,N1,U1,01/01/2019,E13
11,01/02/2019,S,C2,N1,U1,01/03/2019,
`;
    const result = importSsda903({ episodes: { name: 'e.csv', csv } }, { pseudonymise });
    expect(result.events).toEqual([]);
    expect(result.report.lines.map((l) => [l.row, l.field])).toEqual([
      [2, 'CHILD'],
      [3, 'DECOM'],
      [4, 'RNE'],
      [5, 'DEC'],
      [6, 'REC'],
    ]);
    assertAddsUp(result);
    const missing = importSsda903(
      { episodes: { name: 'm.csv', csv: 'CHILD,DECOM\n1,01/01/2019\n' } },
      { pseudonymise },
    );
    expect(missing.report.tables[0]!.problem).toMatch(/missing columns RNE, LS, PLACE, DEC, REC/);
    assertAddsUp(missing);
  });

  it('a coded field that is not a code is left out with a note that does not show it', () => {
    const csv = `CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC
12,01/02/2019,S,ZZTOPSECRETNAME,N12,U1,,
`;
    const result = importSsda903({ episodes: { name: 'e.csv', csv } }, { pseudonymise });
    expect(result.events).toHaveLength(1);
    expect(result.events[0]!.attributes).toEqual({ placement_type: 'U1' });
    expect(result.report.notes.map((n) => [n.row, n.field])).toEqual([
      [2, 'LS'],
      [2, 'CIN'],
    ]);
    expect(JSON.stringify(result.report)).not.toMatch(/ZZTOPSECRETNAME|N12/);
    assertAddsUp(result);
    // The header's sex too.
    const header = { name: 'h.csv', csv: 'CHILD,SEX,DOB\n12,A123456789012,01/02/2010\n' };
    const withHeader = importSsda903({ episodes: { name: 'e.csv', csv }, header }, { pseudonymise });
    expect(withHeader.report.notes.filter((n) => n.field === 'SEX').map((n) => [n.file, n.row])).toEqual([
      ['h.csv', 2],
    ]);
    expect(JSON.stringify(withHeader.report)).not.toContain('A123456789012');
  });

  it('a table that is not readable CSV is refused by where it broke, never by what its fields say', () => {
    fc.assert(
      fc.property(
        // Digits in it: no word of a message can hold it by chance.
        fc.stringMatching(/^[A-Z][a-z]{2}[0-9]{2}[A-Za-z0-9]{0,6}$/),
        fc.constantFrom('"', 'x"', '"x'),
        fc.integer({ min: 0, max: 3 }),
        (secret, quote, before) => {
          const good = Array.from(
            { length: before },
            (_, i) => `${i + 1},F,01/01/2010,WBRI,A00000000000${i}`,
          );
          const csv = [
            'CHILD,SEX,DOB,ETHNIC,UPN',
            ...good,
            `9,F,01/01/2010,WBRI,${secret}${quote}7`,
            '',
          ].join('\n');
          const episodes = '12,01/02/2019,S,V2,N1,U1,,\n';
          const result = importSsda903(
            {
              episodes: { name: 'e.csv', csv: `CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n${episodes}` },
              header: { name: 'h.csv', csv },
            },
            { pseudonymise },
          );
          const problem = result.report.tables.find((t) => t.table === 'header')!.problem;
          expect(problem).toMatch(new RegExp(`^not readable CSV at line ${before + 2}: `));
          expect(JSON.stringify(result.report)).not.toContain(secret);
        },
      ),
    );
  });
});

describe('importSsda903 on rows that do not line up with the header', () => {
  const header = 'CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC';
  const run = (csv: string) => importSsda903({ episodes: { name: 'e.csv', csv } }, { pseudonymise });

  it('rejects a row with a field too many or too few, naming the counts; trailing blank fields are read', () => {
    // Row 3 has an unquoted comma in a field: every later field would be read one column out.
    const csv = `${header}
7,01/02/2019,S,C2,N1,U1,,
8,01/02/2019,S,C2,N1,U1,Leeds, West,01/03/2019,E13
9,01/02/2019,S,C2,N1,U1,
10,01/02/2019,S,C2,N1,U1,,,,
`;
    const result = run(csv);
    expect(result.report.lines.map((l) => [l.row, l.outcome, l.reason])).toEqual([
      [3, 'rejected', 'the row has 10 fields; the header has 8 columns'],
      [4, 'rejected', 'the row has 7 fields; the header has 8 columns'],
    ]);
    expect(result.report.tables[0]!.counts).toEqual({
      imported: 2,
      merged: 0,
      outside_pathway: 0,
      rejected: 2,
    });
    expect(result.cases).toBe(2);
    expect(JSON.stringify(result.report)).not.toContain('Leeds');
    assertAddsUp(result);
  });

  it('places each row at the line it starts on, past blank lines and line breaks inside quoted fields', () => {
    const csv = `${header}

7,01/02/2019,S,C2,N1,"U1
",,

8,31/02/2019,S,C2,N1,U1,,
`;
    const result = run(csv);
    expect(result.report.lines.map((l) => [l.row, l.field])).toEqual([[6, 'DECOM']]);
  });

  it('refuses a table whose header names a column twice (a row would keep only the later value)', () => {
    const result = run(`CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,decom\n7,01/02/2019,S,C2,N1,U1,,01/03/2019\n`);
    expect(result.report.tables[0]!.problem).toBe('the header names one column twice (columns 2 and 8)');
    expect(result.events).toEqual([]);
  });

  it('places a quoted field that never closes at the line its quote opens on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (before, after) => {
        const good = (n: number, from: number) =>
          Array.from({ length: n }, (_, i) => `${from + i},01/02/2019,S,C2,N1,U1,,`);
        const csv = [header, ...good(before, 1), '99,01/02/2019,S,C2,N1,"U1,,', ...good(after, 50), ''].join(
          '\n',
        );
        expect(run(csv).report.tables[0]!.problem).toBe(
          `not readable CSV at line ${before + 2}: a quoted field opens there and is not closed (a field holding a quote must be wholly quoted, with its own quotes doubled)`,
        );
      }),
    );
  });
});

describe('importSsda903 on the public samples', () => {
  it('accounts for every row of the 2020 sample', (ctx) => {
    const csv = readFileSync(sharedFixture('ssda903/SSDA903_2020_episodes_sample.csv', ctx), 'utf8');
    const result = importSsda903({ episodes: { name: '2020.csv', csv } }, { pseudonymise });
    assertAddsUp(result);
    expect(result.report.tables[0]!.counts).toEqual({
      imported: 3,
      merged: 1,
      outside_pathway: 0,
      rejected: 1,
    });
    expect(result.events.map((e) => [e.stage, e.event, e.entered_at])).toEqual([
      ['looked_after', '', '2018-12-02'],
      ['closed', 'cease_care', '2019-09-26'],
      ['looked_after', '', '2019-03-30'],
    ]);
    const out = JSON.stringify(result.events);
    for (const secret of ['689661', '249901', 'Y8 5KZ', 'T28 2WB', '6834366', 'F18 7NI'])
      expect(out).not.toContain(secret);
  });

  it('accounts for every row of the messy sample (ISO dates, LA and YEAR, several authorities)', (ctx) => {
    const csv = readFileSync(sharedFixture('ssda903/SSDA903_episodes_messy_sample.csv', ctx), 'utf8');
    const result = importSsda903({ episodes: { name: 'messy.csv', csv } }, { pseudonymise });
    assertAddsUp(result);
    expect(result.report.tables[0]!.rowsRead).toBe(23);
    expect(result.report.tables[0]!.counts).toEqual({
      imported: 12,
      merged: 3,
      outside_pathway: 1,
      rejected: 7,
    });
    expect(result.cases).toBe(10);
    expect(result.report.outsidePathway).toEqual({ 'closed -> looked_after': 1 });
    const out = JSON.stringify(result.events);
    for (const secret of ['NORULE_BAD', 'RULE1_BAD', 'ABC 1', 'R4 3', '4890000'])
      expect(out).not.toContain(secret);
  });
});
