import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.ts';
import { MAX_UPLOAD_PARTS, type UploadEvent, uploadParts } from './uploadParts.ts';

const boundary = 'b0undary';

/** A raw multipart body from parts given as their Content-Disposition parameters and content. */
function body(parts: readonly { disposition: string; content: string }[]): AsyncIterable<Uint8Array> {
  const text = `${parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; ${p.disposition}\r\n\r\n${p.content}\r\n`).join('')}--${boundary}--\r\n`;
  return (async function* () {
    yield new TextEncoder().encode(text);
  })();
}

async function read(
  parts: Parameters<typeof body>[0],
): Promise<(UploadEvent | { type: 'data'; text: string })[]> {
  const out: (UploadEvent | { type: 'data'; text: string })[] = [];
  for await (const e of uploadParts(body(parts), boundary))
    out.push(e.type === 'data' ? { type: 'data', text: new TextDecoder().decode(e.bytes) } : e);
  return out;
}

async function refusal(parts: Parameters<typeof body>[0]): Promise<{ status: number; code: string }> {
  try {
    await read(parts);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    return { status: (error as HttpProblem).status, code: (error as HttpProblem).code };
  }
  throw new Error('not refused');
}

describe('uploadParts: one reader of uploads for POST /api/ingest and POST /api/imports', () => {
  it('refuses a long form field without repeating a field name that looks like personal data', async () => {
    const error = await read([{ disposition: 'name="Jane Smith"', content: 'x'.repeat(70_000) }]).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({ status: 422, field: 'body' });
    expect(error.detail).toMatch(
      /^The form field \(a value that looks like a person's name, not repeated\) is longer/,
    );
    expect(JSON.stringify(error)).not.toMatch(/jane|smith/i);
  });

  it('names files as sent (UTF-8, RFC 5987, a Windows path), withholds names that look like personal data', async () => {
    expect(
      await read([
        { disposition: 'name="file"; filename="naïve.csv"', content: 'a' },
        { disposition: `name="file"; filename*=UTF-8''cin%C3%A9-2024.xml`, content: 'b' },
        { disposition: 'name="file"; filename="C:\\returns\\oc3.csv"', content: 'c' },
        { disposition: 'name="file"; filename="Jane Smith 01-02-2015.xml"', content: 'd' },
      ]),
    ).toEqual([
      { type: 'file', field: 'file', name: 'naïve.csv', ext: '.csv' },
      { type: 'data', text: 'a' },
      { type: 'file', field: 'file', name: 'ciné-2024.xml', ext: '.xml' },
      { type: 'data', text: 'b' },
      { type: 'file', field: 'file', name: 'C:\\returns\\oc3.csv', ext: '.csv' },
      { type: 'data', text: 'c' },
      { type: 'file', field: 'file', name: expect.stringMatching(/^file 4 \(name withheld: /), ext: '.xml' },
      { type: 'data', text: 'd' },
    ]);
  });

  it('skips a file input left empty; a file sent with no name is named after its field', async () => {
    expect(
      await read([
        { disposition: 'name="header"; filename=""', content: '' },
        { disposition: 'name="episodes"; filename=""', content: 'CHILD,DECOM' },
        { disposition: 'name="mode"', content: 'partial' },
        { disposition: 'name="mode"', content: 'atomic' },
      ]),
    ).toEqual([
      { type: 'file', field: 'episodes', name: 'episodes', ext: '' },
      { type: 'data', text: 'CHILD,DECOM' },
      { type: 'field', field: 'mode', value: 'partial' },
      { type: 'field', field: 'mode', value: 'atomic' },
    ]);
  });

  it('takes 100 parts, names of 255 characters and fields of 64 kB; refuses one more of each', async () => {
    const fields = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ disposition: `name="f${i}"`, content: 'x' }));
    expect(await read(fields(MAX_UPLOAD_PARTS))).toHaveLength(MAX_UPLOAD_PARTS);
    expect(await refusal(fields(MAX_UPLOAD_PARTS + 1))).toEqual({ status: 422, code: 'too_many_files' });
    // Characters, not UTF-16 units: an emoji counts once.
    const name = (n: number) => `${'😀'.repeat(n - 4)}.csv`;
    expect(await read([{ disposition: `name="file"; filename="${name(255)}"`, content: 'a' }])).toHaveLength(
      2,
    );
    expect(await refusal([{ disposition: `name="file"; filename="${name(256)}"`, content: 'a' }])).toEqual({
      status: 422,
      code: 'invalid_value',
    });
    expect(await read([{ disposition: 'name="format"', content: 'x'.repeat(64 * 1024) }])).toHaveLength(1);
    expect(await refusal([{ disposition: 'name="format"', content: 'x'.repeat(64 * 1024 + 1) }])).toEqual({
      status: 422,
      code: 'invalid_value',
    });
  });

  it('refuses a body that is not multipart as 400 invalid_multipart', async () => {
    expect(await refusal([{ disposition: 'filename="a.csv"', content: 'x' }])).toEqual({
      status: 400,
      code: 'invalid_multipart',
    });
  });
});
