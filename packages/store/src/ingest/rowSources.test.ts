import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDecoder, csvRows, MAX_RECORD_CHARS, ndjsonRows, type RawRow } from './rowSources.ts';

async function collect(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const field = fc.oneof(
  fc.stringMatching(/^[a-z0-9_:-]{0,8}$/),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/\r/g, '')),
);

function quote(v: string): string {
  return /[",\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
}

describe('csvRows', () => {
  it('reads the same records as csv-parse, however the text is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(field, field, field), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 40 }),
        async (records, size) => {
          const text = `a,b,c\n${records.map((r) => r.map(quote).join(',')).join('\n')}\n`;
          const chunks: string[] = [];
          for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
          const ours = (await collect(csvRows(chunks, []))).map((r) => [r.values.a, r.values.b, r.values.c]);
          const theirs = (parse(text, { columns: true }) as Record<string, string>[]).map((r) => [
            r.a,
            r.b,
            r.c,
          ]);
          expect(ours).toEqual(theirs);
        },
      ),
    );
  });

  it('numbers rows by their first source line and flags a wrong field count', async () => {
    const rows = await collect(csvRows(['\ufeffa,b\r\n1,2\r\n"x\ny",3\n4\n'], []));
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(rows[1]!.values).toEqual({ a: 'x\ny', b: '3' });
    expect(rows[2]!.values.__error).toMatch(/1 fields/);
  });
});

describe('ndjsonRows', () => {
  it('splits lines across chunks and flags bad JSON', async () => {
    const rows = await collect(ndjsonRows(['{"a":', '1}\n\nnot\n{"b":2}']));
    expect(rows).toEqual([
      { line: 1, values: { a: 1 } },
      { line: 3, values: { __error: 'This line is not valid JSON.' } },
      { line: 4, values: { b: 2 } },
    ]);
  });
});

describe('chunkDecoder', () => {
  it('decodes UTF-8 bytes split anywhere, ASCII chunks by the fast path, to the same text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), {
          maxLength: 12,
        }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 8 }),
        (parts, sizes) => {
          const text = parts.join('').replace(/^\ufeff/, '');
          const bytes = Buffer.from(text, 'utf8');
          const decode = chunkDecoder();
          let out = '';
          for (let i = 0, k = 0; i < bytes.length; k++) {
            const n = sizes[k % sizes.length]!;
            out += decode(bytes.subarray(i, i + n));
            i += n;
          }
          out += decode(undefined);
          expect(out).toBe(new TextDecoder().decode(bytes));
        },
      ),
    );
  });
});

describe('csvRows on a malformed record', () => {
  // A stray quote in a field is reported by its place, never by what the field says: the message
  // goes into the stored report, and the field may hold a name or an identifier.
  it('says where the record broke and never repeats its values', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Digits in each: no word of a message can hold one by chance.
        fc.stringMatching(/^[A-Z][a-z]{2}[0-9]{2}[A-Za-z0-9 ]{0,6}$/),
        fc.stringMatching(/^[A-Za-z0-9 ]{0,8}$/),
        fc.constantFrom('"', '"x"', 'x"y"'),
        async (secret, tail, quote) => {
          // Balanced quotes, so the record is read at once rather than left open.
          const note = `${secret}${quote}${tail}`;
          const text = `case_ref,note\nLA-1,${note}${note.split('"').length % 2 === 0 ? '"' : ''}\n`;
          const [row] = await collect(csvRows([text], []));
          const message = String(row!.values.__error);
          expect(message).toMatch(/^Malformed CSV: a quote is out of place/);
          expect(message).not.toContain(secret);
        },
      ),
    );
  });
});

describe('csvRows and ndjsonRows on an empty log', () => {
  it('refuse a log with no header (CSV) or no event (NDJSON): there is nothing to import', async () => {
    for (const [rows, what] of [
      [csvRows(['']), /a CSV log starts with its header line/],
      [csvRows(['\n\n']), /a CSV log starts with its header line/],
      [ndjsonRows([' \n\n']), /an NDJSON log holds one event per line/],
    ] as const)
      await expect(collect(rows)).rejects.toMatchObject({
        code: 'invalid_value',
        message: expect.stringMatching(what),
      });
    // A header alone is a log of no rows.
    expect(await collect(csvRows(['case_ref,stage,entered_at\n']))).toEqual([]);
  });
});

describe('csvRows on a header without the columns a row needs', () => {
  it('refuses the log naming the missing columns, even when no row follows', async () => {
    for (const [text, missing] of [
      ['garbage\n', 'case_ref, stage, entered_at columns'],
      ['case_ref,stage\nC1,front_door\n', 'entered_at column'],
      ['stage,entered_at,case\n', 'case_ref column'],
    ] as const)
      await expect(collect(csvRows([text]))).rejects.toMatchObject({
        code: 'invalid_value',
        field: 'body',
        message: expect.stringContaining(`The CSV header has no ${missing}`),
      });
  });
});

describe('csvRows on a header that names a column twice', () => {
  it("refuses the log by the columns' positions: a row would silently keep only the later value", async () => {
    for (const header of [
      'case_ref,stage,entered_at,stage',
      'case_ref,stage,entered_at,"stage"',
      'case_ref, stage ,entered_at,stage',
    ])
      await expect(
        collect(csvRows([`${header}\nC1,front_door,2025-01-06,early_help\n`])),
      ).rejects.toMatchObject({
        code: 'invalid_value',
        field: 'body',
        message: 'The CSV header names one column twice (columns 2 and 4); each column must be named once.',
      });
  });
});

describe('csvRows and ndjsonRows on a record with no end', () => {
  const collectAll = async (rows: AsyncIterable<RawRow>) => {
    const out: RawRow[] = [];
    for await (const r of rows) out.push(r);
    return out;
  };
  it('refuse an unclosed quote once it has run for MAX_RECORD_CHARS, naming its line', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `C${i},front_door,2025-01-06`).join('\n');
    const text = `case_ref,stage,entered_at\nA,front_door,2025-01-06\n"Jane Smith,front_door,2025-01-06\n${rows}\n`;
    const chunks = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) =>
      text.slice(i * 65_536, (i + 1) * 65_536),
    );
    await expect(collectAll(csvRows(chunks, []))).rejects.toMatchObject({
      code: 'invalid_value',
      message: expect.stringMatching(
        /^Line 3: a quoted field opens there and is not closed within 1,048,576 characters/,
      ),
    });
    // Short of the cap, it is one rejected row, as before.
    const [, unclosed] = await collectAll(csvRows([`case_ref,stage\nA,x\n"B,y\nC,z\n`], []));
    expect(unclosed).toMatchObject({ line: 3, values: { __error: 'A quoted field is not closed.' } });
  });

  it('refuse a line longer than MAX_RECORD_CHARS, whatever its format', async () => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const chunks = (text: string) =>
      Array.from({ length: 40 }, (_, i) => text.slice(i * 30_000, (i + 1) * 30_000));
    for (const rows of [
      csvRows(chunks(`case_ref,stage\nA,b\n${long}`), []),
      ndjsonRows(chunks(`{"a":1}\n{"b":2}\n${long}`)),
    ])
      await expect(collectAll(rows)).rejects.toMatchObject({
        code: 'invalid_value',
        message: 'Line 3 is longer than 1,048,576 characters; a log has one event per line.',
      });
  });
});
