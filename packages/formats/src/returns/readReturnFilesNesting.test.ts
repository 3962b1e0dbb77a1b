import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyListWorkbook } from '../annexA/annexAWorkbook.fixture.ts';
import { generateCinChildren, writeCinCensusFiles } from '../cinCensus/cinCensus.fixture.ts';
import { MAX_XML_DEPTH } from '../cinCensus/xmlTree.ts';
import { generate903Children } from '../ssda903/ssda903.fixture.ts';
import { write903Xml } from '../testing/ssda903XmlWriter.ts';
import { readZipEntries, writeZipEntries } from '../testing/zipEntries.ts';
import { ImportFileError } from './importFileError.ts';
import { type ReturnFormat, readReturnFiles } from './readReturnFiles.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const flag = { outsidePathway: 'flag' as const };

/** `depth` elements, each inside the one before, around a little text. */
const nested = (depth: number, name = 'Item') => `${`<${name}>`.repeat(depth)}x${`</${name}>`.repeat(depth)}`;

/** Inserts `xml` after the first match of `at` (which must match). */
function insertAfter(text: string, at: RegExp, xml: string): string {
  const m = at.exec(text);
  if (!m) throw new Error(`no ${at} in the file`);
  return text.slice(0, m.index + m[0].length) + xml + text.slice(m.index + m[0].length);
}

/**
 * What reading the file gives: a read whose elements add up, or a refusal with its code. Any
 * other error (a RangeError from a walk of the tree) fails the test.
 */
async function outcome(format: ReturnFormat, name: string, bytes: Uint8Array, extractDate?: string) {
  try {
    const read = await readReturnFiles(format, [{ name, bytes }], { ...flag, extractDate });
    const a = read.account;
    expect(a.imported + a.merged + a.notStored + a.outsidePathway + a.rejected).toBe(a.read);
    return { read: a.read, rejected: a.rejected };
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return { code: error.code, message: error.message };
  }
}

const cin = writeCinCensusFiles(generateCinChildren(11, 3))[0]!.xml;
const ssda903 = write903Xml(generate903Children(12, 3), { name: '903.xml' }).xml;
/** Where nesting goes in each XML return, and how many levels the return itself puts above it. */
const CIN_PLACES = [
  { at: /<Child>/, above: 3 },
  { at: /<Header>/, above: 2 },
  { at: /<\/Children>/, above: 1 },
  { at: /<CINdetails>/, above: 4 },
] as const;
const SSDA903_PLACES = [
  { at: /<EPISODE>/, above: 3 },
  { at: /<HEADER>/, above: 3 },
  { at: /<CHILD>/, above: 2 },
  { at: /<EXPSSDA903>/, above: 1 },
] as const;

// H10: an XML return nested thousands of levels deep threw a RangeError out of the reader (a
// recursive walk of the tree), which is no ImportFileError, so the API answered 500. Any depth now
// reads (the nested element accounted for like any other) or is refused as unreadable_file.
describe('readReturnFiles over files nested 1..50,000 levels deep', () => {
  it('a CIN census nested 20,000 levels deep inside a child (~260 KB) is refused as unreadable_file, naming the file', async () => {
    const xml = insertAfter(cin, /<Child>/, nested(20_000));
    expect(xml.length).toBeGreaterThan(250_000);
    expect(await outcome('cin', 'cin-2019.xml', encode(xml))).toEqual({
      code: 'unreadable_file',
      message: `cin-2019.xml is not readable XML: line 5: elements are nested more than ${MAX_XML_DEPTH} levels deep (a return nests fewer than 10)`,
    });
  });

  it('property: CIN census and SSDA903 XML nested anywhere, at any depth: read with the nested element accounted for, or refused as unreadable_file', async () => {
    const cinRead = (await outcome('cin', 'return.xml', encode(cin))) as { read: number };
    const ssda903Read = (await outcome('ssda903', 'return.xml', encode(ssda903))) as { read: number };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('cin' as const, 'ssda903' as const),
        fc.nat(3),
        fc.oneof(fc.integer({ min: 1, max: 2 * MAX_XML_DEPTH }), fc.integer({ min: 1, max: 50_000 })),
        async (format, place, depth) => {
          const { at, above } = (format === 'cin' ? CIN_PLACES : SSDA903_PLACES)[place]!;
          const xml = insertAfter(format === 'cin' ? cin : ssda903, at, nested(depth));
          const result = await outcome(format, 'return.xml', encode(xml));
          if (above + depth > MAX_XML_DEPTH)
            expect(result).toMatchObject({
              code: 'unreadable_file',
              message: expect.stringContaining('nested'),
            });
          // The nested element is one more data element, accounted for once.
          else expect(result).toMatchObject({ read: (format === 'cin' ? cinRead : ssda903Read).read + 1 });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('an Annex A workbook with XML nested 50,000 levels deep in its parts is read or refused as not a workbook, never anything else', async () => {
    const workbook = readZipEntries(await everyListWorkbook());
    const places: [string, RegExp, string][] = [
      ['xl/worksheets/sheet1.xml', /<sheetData>/, 'foo'],
      ['xl/worksheets/sheet1.xml', /<c r="A2"[^>]*>/, 'is'],
      ['xl/worksheets/sheet1.xml', /<sheetData>/, 'row'],
      ['xl/sharedStrings.xml', /<si>/, 'r'],
      ['xl/sharedStrings.xml', /<si>/, 'si'],
      ['xl/workbook.xml', /<sheets>/, 'sheet'],
      ['xl/workbook.xml', /<sheets>/, 'foo'],
      ['xl/styles.xml', /<cellXfs[^>]*>/, 'xf'],
    ];
    const outcomes: string[] = [];
    for (const [part, at, name] of places) {
      const entries = new Map(workbook);
      entries.set(part, encode(insertAfter(decode(workbook.get(part)!), at, nested(50_000, name))));
      const result = await outcome('annex-a', 'a.xlsx', writeZipEntries(entries), '2021-03-31');
      outcomes.push(result.code ?? 'read');
    }
    for (const o of outcomes) expect(['read', 'not_a_workbook', 'no_lists']).toContain(o);
    expect(outcomes).toContain('read');
    // The rewritten archive itself reads as the workbook it was.
    expect(await outcome('annex-a', 'a.xlsx', writeZipEntries(workbook), '2021-03-31')).toMatchObject({
      read: expect.any(Number),
    });
  });
});
