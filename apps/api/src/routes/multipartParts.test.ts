import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultipartError, multipartBoundary, multipartParts } from './multipartParts.ts';

/** A form's parts as read back: field, file name (files only) and content. */
type Read = { field: string; filename: string | undefined; bytes: number[] }[];

/** A form serialised as fetch sends it: the body's bytes and its content type (with the boundary). */
async function encoded(form: FormData): Promise<{ bytes: Uint8Array; type: string }> {
  const res = new Response(form);
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type')! };
}

/** The body cut into chunks at the given points (as a network delivers it). */
async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    if (cut > at) yield bytes.subarray(at, cut);
    at = Math.max(at, cut);
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

async function read(body: AsyncIterable<Uint8Array>, boundary: string): Promise<Read> {
  const parts: Read = [];
  for await (const e of multipartParts(body, boundary)) {
    if (e.type === 'part') parts.push({ field: e.field, filename: e.filename, bytes: [] });
    else parts.at(-1)!.bytes.push(...e.bytes);
  }
  return parts;
}

describe('multipartParts', () => {
  it('property: any form, cut anywhere, reads back as the fields and files it was made of', async () => {
    // Contents that look like the delimiter's pieces, CRLFs and dashes, besides any bytes.
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .array(fc.constantFrom('\r\n', '--', '\r', '\n', '-', 'a', '\r\n--', '\r\n\r\n', 'é'), {
          maxLength: 40,
        })
        .map((p) => new TextEncoder().encode(p.join(''))),
    );
    const part = fc.record({
      field: fc.constantFrom('file', 'episodes', 'header', 'format', 'mode', 'a b'),
      filename: fc.option(fc.constantFrom('cin-2024.xml', 'episodes.csv', 'naïve "x".csv', ''), {
        nil: undefined,
      }),
      content,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(part, { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (parts, cuts) => {
          const form = new FormData();
          for (const p of parts)
            if (p.filename === undefined) form.append(p.field, new TextDecoder().decode(p.content));
            else form.append(p.field, new Blob([p.content as BlobPart]), p.filename);
          const { bytes, type } = await encoded(form);
          const boundary = multipartBoundary(type)!;
          // Text fields compared as text (the platform decodes them as UTF-8, as the route does).
          const got = (await read(chunked(bytes, cuts), boundary)).map((p) =>
            p.filename === undefined
              ? {
                  ...p,
                  bytes: [...new TextEncoder().encode(new TextDecoder().decode(new Uint8Array(p.bytes)))],
                }
              : p,
          );
          // What the platform's own parser reads from the same body.
          const expected = await new Response(bytes as BodyInit, {
            headers: { 'content-type': type },
          }).formData();
          const want: Read = [];
          for (const [field, value] of expected.entries())
            want.push(
              typeof value === 'string'
                ? { field, filename: undefined, bytes: [...new TextEncoder().encode(value)] }
                : { field, filename: value.name, bytes: [...new Uint8Array(await value.arrayBuffer())] },
            );
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a boundary of 1 to 70 characters, quoted or not, and no longer one', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
    expect(multipartBoundary(`multipart/form-data; boundary="${'a'.repeat(70)}"; charset=x`)).toBe(
      'a'.repeat(70),
    );
    expect(multipartBoundary(`multipart/form-data; boundary=${'a'.repeat(71)}`)).toBeUndefined();
    expect(multipartBoundary(`multipart/form-data; boundary="${'a'.repeat(71)}"`)).toBeUndefined();
  });

  it('refuses a body cut short, one with no boundary, and a part without a field name', async () => {
    const form = new FormData();
    form.append('file', new Blob(['CHILD,DECOM\n']), 'episodes.csv');
    const { bytes, type } = await encoded(form);
    const boundary = multipartBoundary(type)!;
    const once = async function* (b: Uint8Array) {
      yield b;
    };
    await expect(read(once(bytes.subarray(0, bytes.length - 10)), boundary)).rejects.toThrow(MultipartError);
    await expect(read(once(new TextEncoder().encode('no parts here')), boundary)).rejects.toThrow(
      /no boundary/,
    );
    const nameless = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; filename="a.csv"\r\n\r\nx\r\n--${boundary}--\r\n`,
    );
    await expect(read(once(nameless), boundary)).rejects.toThrow(/no field name/);
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
  });
});
