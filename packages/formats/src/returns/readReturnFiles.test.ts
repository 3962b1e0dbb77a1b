import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyListWorkbook } from '../annexA/annexAWorkbook.fixture.ts';
import { importAnnexA } from '../annexA/importAnnexA.ts';
import type { CanonicalEvent } from '../canonicalEvent.ts';
import { generateCinChildren, writeCinCensusFiles } from '../cinCensus/cinCensus.fixture.ts';
import { importCinCensus } from '../cinCensus/importCinCensus.ts';
import { importSsda903 } from '../ssda903/importSsda903.ts';
import { generate903Children, write903Return } from '../ssda903/ssda903.fixture.ts';
import { write903Xml } from '../testing/ssda903XmlWriter.ts';
import { type ReturnFile, type ReturnRead, readReturnFiles } from './readReturnFiles.ts';
import { ImportFileError } from './importFileError.ts';
import type { SourceAccount, SourceCounts } from './sourceAccount.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const file = (name: string, text: string, label?: string): ReturnFile => ({
  name,
  bytes: bytes(text),
  ...(label ? { label } : {}),
});
const pseudonymise = (id: string) => id;
const flag = { outsidePathway: 'flag' as const };

/** Every row or element counted once, in its part and in the total. */
function expectAddsUp(a: SourceAccount): void {
  const sum = (c: SourceCounts) => c.imported + c.merged + c.notStored + c.outsidePathway + c.rejected;
  expect(sum(a)).toBe(a.read);
  for (const p of a.parts) expect(sum(p)).toBe(p.read);
  expect(a.parts.reduce((n, p) => n + p.read, 0)).toBe(a.read);
}

const one = <T>(x: unknown) => (Array.isArray(x) ? x[0] : x) as T;

/** The generated return's CSV tables as files. */
function tables903(seed: number, count: number) {
  const r = write903Return(generate903Children(seed, count, { returns: true }), { seed });
  const csv = (t: unknown) => one<{ csv: string }>(t).csv;
  return {
    input: r,
    files: [
      file('header.csv', csv(r.header)),
      file('episodes.csv', csv(r.episodes)),
      file('oc3.csv', csv(r.careLeavers)),
    ],
  };
}

describe('readReturnFiles: the one reader of the returns (CLI and API)', () => {
  it('property: CIN census years are accounted for element by element, as the importer counts them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 8 }),
        async (seed, n) => {
          const cin = writeCinCensusFiles(generateCinChildren(seed, n, { outside: seed % 2 === 0 }));
          const read = await readReturnFiles(
            'cin',
            cin.map((f) => file(f.name, f.xml)),
            flag,
          );
          const direct = importCinCensus(cin, { pseudonymise });
          expectAddsUp(read.account);
          expect(read.account).toMatchObject({
            unit: 'elements',
            children: direct.cases,
            read: direct.report.elementsRead,
            rejected: direct.report.counts.rejected,
            continued: 0,
          });
          expect(read.events).toEqual(direct.events);
          expect(read.account.parts).toHaveLength(1);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('property: SSDA903 tables are accounted for row by row, table by table, as the importer counts them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 12 }),
        async (seed, n) => {
          const { input, files } = tables903(seed, n);
          const read = await readReturnFiles('ssda903', files, flag);
          const direct = importSsda903(input, { pseudonymise });
          expectAddsUp(read.account);
          expect(
            read.account.parts.map((p) => [
              p.part,
              p.read,
              p.imported,
              p.merged,
              p.outsidePathway,
              p.rejected,
            ]),
          ).toEqual(
            direct.report.tables.map((t) => [
              t.table,
              t.rowsRead,
              t.counts.imported,
              t.counts.merged,
              t.counts.outside_pathway,
              t.counts.rejected,
            ]),
          );
          expect(read.account.children).toBe(direct.cases);
          expect(read.events).toEqual(direct.events);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('reads the SSDA903 XML return element by element, and an Annex A workbook list by list', async () => {
    const xml = write903Xml(generate903Children(5, 6), { name: '903.xml' });
    const read = await readReturnFiles('ssda903', [file('903.xml', xml.xml)], flag);
    expectAddsUp(read.account);
    expect(read.account).toMatchObject({ unit: 'elements', children: 6, parts: [{ part: 'SSDA903 XML' }] });
    if (read.format !== 'ssda903') throw new Error('read as SSDA903');
    expect(read.account.read).toBe(read.result.elements!.elementsRead);

    const workbook = await everyListWorkbook();
    const annex = await readReturnFiles('annex-a', [{ name: 'a.xlsx', bytes: workbook }], {
      ...flag,
      extractDate: '2021-03-31',
    });
    const direct = await importAnnexA(workbook, { pseudonymise, extractDate: '2021-03-31' });
    expectAddsUp(annex.account);
    expect(annex.account.parts.map((p) => p.read)).toEqual(direct.lists.map((l) => l.rowsRead));
    expect(annex.events).toEqual(direct.events);
  });

  it('sorts SSDA903 tables by the name given, else their columns, else their file name', async () => {
    const r = write903Return(generate903Children(3, 8));
    const episodes = file('episodes.csv', one<{ csv: string }>(r.episodes).csv);
    // A care leavers table whose columns do not say what it is (CHILD alone).
    const leavers = one<{ csv: string }>(r.careLeavers)
      .csv.split('\n')
      .map((l) => l.split(',')[0])
      .join('\n');
    const parts = async (f: ReturnFile[]) =>
      (await readReturnFiles('ssda903', f, flag)).account.parts.map((p) => [p.file, p.part]);
    expect(await parts([episodes, file('oc3.csv', leavers)])).toEqual([
      ['oc3.csv', 'careLeavers'],
      ['episodes.csv', 'episodes'],
    ]);
    expect(await parts([episodes, file('Care-Leavers.csv', leavers)])).toContainEqual([
      'Care-Leavers.csv',
      'careLeavers',
    ]);
    for (const label of ['careLeavers', 'oc3', 'OC3'])
      expect(await parts([episodes, file('x.csv', leavers, label)])).toContainEqual(['x.csv', 'careLeavers']);
    // The columns win over the file name; a label wins over the columns.
    expect(await parts([{ ...episodes, name: 'header.csv' }])).toEqual([['header.csv', 'episodes']]);
    await expect(readReturnFiles('ssda903', [{ ...episodes, label: 'header' }], flag)).rejects.toThrow(
      /episodes table/,
    );
  });

  it('property: read over what the store holds, a return counts nothing imported that is not written; read again, nothing at all', async () => {
    type Read = (options: Parameters<typeof readReturnFiles>[2]) => Promise<ReturnRead>;
    const returns: [string, (seed: number, n: number) => Read][] = [
      [
        'CIN census',
        (seed, n) => {
          const cin = writeCinCensusFiles(generateCinChildren(seed, n, { outside: seed % 2 === 0 }));
          return (o) =>
            readReturnFiles(
              'cin',
              cin.map((f) => file(f.name, f.xml)),
              o,
            );
        },
      ],
      ['SSDA903 CSV', (seed, n) => (o) => readReturnFiles('ssda903', tables903(seed, n).files, o)],
      [
        'SSDA903 XML',
        (seed, n) => {
          const xml = write903Xml(generate903Children(seed, n), { name: '903.xml' });
          return (o) => readReturnFiles('ssda903', [file('903.xml', xml.xml)], o);
        },
      ],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...returns),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('flag' as const, 'reject' as const),
        fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: undefined }),
        async ([, make], seed, n, outsidePathway, cut) => {
          const read = make(seed, n);
          const first = await read({ outsidePathway });
          // The store holds each child up to an event of the first read: its last (the same
          // return read again), or one picked by `cut`.
          const held = new Map<string, CanonicalEvent[]>();
          for (const e of first.events) held.set(e.case_ref, [...(held.get(e.case_ref) ?? []), e]);
          const positions = new Map(
            [...held].map(([ref, events], i) => {
              const e = cut === undefined ? events.at(-1)! : events[(cut + i) % events.length]!;
              return [ref, { stage: e.stage, lastDate: e.entered_at }];
            }),
          );
          const again = await read({
            outsidePathway,
            storedPositions: async (refs) =>
              new Map(refs.flatMap((r) => (positions.has(r) ? [[r, positions.get(r)!]] : []))),
          });
          expectAddsUp(again.account);
          expect(again.account.read).toBe(first.account.read);
          expect(again.account.continued).toBe(held.size);
          // Under flag, each move the pathway lacks is one flagged event written (no name, and not
          // the opening of a case the store does not hold), counted once.
          if (outsidePathway === 'flag') {
            const opened = new Set<string>();
            let flagged = 0;
            for (const e of again.events) {
              if (e.event === '' && (positions.has(e.case_ref) || opened.has(e.case_ref))) flagged++;
              opened.add(e.case_ref);
            }
            const moves = Object.values(again.account.outsidePathwayMoves).reduce((n, c) => n + c, 0);
            expect(moves).toBe(flagged);
          }
          const counted = again.account.imported + again.account.outsidePathway;
          if (again.events.length === 0) expect(counted).toBe(0);
          else expect(counted).toBeGreaterThan(0);
          if (cut === undefined) {
            expect(again.events).toEqual([]);
            // Rejected rows stay rejected (nothing of them is stored), moves the pathway lacks with them.
            expect(again.account).toMatchObject({
              imported: 0,
              outsidePathway: 0,
              rejected: first.account.rejected,
              outsidePathwayMoves: outsidePathway === 'flag' ? {} : first.account.outsidePathwayMoves,
            });
            expect(again.quality.filter((l) => l.outcome === 'outside_pathway')).toEqual([]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  describe('files that cannot be read as the format refuse the whole return (ImportFileError)', () => {
    const episodes = one<{ csv: string }>(write903Return(generate903Children(9, 2)).episodes).csv;
    const cases: [string, () => Promise<ReturnRead>, ImportFileError['code'], string][] = [
      ['no file', () => readReturnFiles('cin', [], flag), 'missing_file', 'No file'],
      [
        'a census year that is not XML',
        () =>
          readReturnFiles(
            'cin',
            [
              file('good.xml', writeCinCensusFiles(generateCinChildren(2, 2))[0]!.xml),
              file('bad.xml', 'not xml'),
            ],
            flag,
          ),
        'unreadable_file',
        'bad.xml is not readable XML',
      ],
      [
        'XML that is no census',
        () => readReturnFiles('cin', [file('other.xml', '<Root/>')], flag),
        'unreadable_file',
        'not a CIN census',
      ],
      [
        'SSDA903 tables and XML at once',
        () => readReturnFiles('ssda903', [file('e.csv', episodes), file('903.xml', '<EXPSSDA903/>')], flag),
        'mixed_files',
        'not both at once',
      ],
      [
        'the SSDA903 header alone',
        () => readReturnFiles('ssda903', [file('h.csv', 'CHILD,SEX,DOB\n1,1,2010-01-01\n')], flag),
        'missing_file',
        'episodes table',
      ],
      [
        'an episodes table missing its columns',
        () => readReturnFiles('ssda903', [file('e.csv', 'CHILD,DECOM\n1,2020-01-01\n', 'episodes')], flag),
        'unreadable_file',
        'e.csv (SSDA903 episodes): missing columns',
      ],
      [
        'text sent as an Annex A workbook',
        () => readReturnFiles('annex-a', [file('a.xlsx', 'not a zip')], flag),
        'not_a_workbook',
        'a.xlsx: ',
      ],
      [
        'two Annex A workbooks',
        () => readReturnFiles('annex-a', [file('a.xlsx', 'x'), file('b.xlsx', 'y')], flag),
        'too_many_files',
        '2 files',
      ],
    ];
    for (const [name, read, code, message] of cases) {
      it(name, async () => {
        const error = await read().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ImportFileError);
        expect((error as ImportFileError).code).toBe(code);
        expect((error as ImportFileError).message).toContain(message);
      });
    }
  });
});
