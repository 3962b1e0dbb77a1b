import { beforeAll, expect, it } from 'vitest';
import { dumpTables } from '../../../../tests/support/dumpTables.ts';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

/** `depth` elements, each inside the one before, around a little text. */
const nested = (depth: number) => `${'<Item>'.repeat(depth)}x${'</Item>'.repeat(depth)}`;

// H10: an XML return nested thousands of levels deep (a ~260 KB file) threw a RangeError (the stack
// of a recursive walk) out of the reader, which the API answered 500. It is a user's file: 422
// unreadable_file naming the file, nothing stored.
describeEachEngine('POST /api/ingest with deeply nested XML', ({ store, dataDir }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
  });

  const upload = (format: string, name: string, xml: string) => {
    const form = new FormData();
    form.append('format', format);
    form.append('file', new Blob([xml]), name);
    return Promise.resolve(
      t.app.request('/api/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.manager}` },
        body: form,
      }),
    );
  };
  /** Everything stored but the audit log (refusals are audited). */
  const stored = async () => {
    const all = JSON.parse(await dumpTables(store())) as Record<string, unknown>;
    delete all.audit_log;
    return JSON.stringify(all);
  };
  const refused = async (res: Response) => {
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = JSON.parse(text) as { code: string; detail: string };
    expect({ status: res.status, code: body.code }, text).toEqual({ status: 422, code: 'unreadable_file' });
    return body.detail;
  };

  it('a CIN census nested 20,000 levels deep inside a child: 422 unreadable_file, nothing stored', async () => {
    const before = await stored();
    const xml = `<Message><Header><CollectionDetails><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header><Children><Child>${nested(20_000)}</Child></Children></Message>`;
    expect(xml.length).toBeGreaterThan(250_000);
    const detail = await refused(await upload('cin', 'cin-deep.xml', xml));
    expect(detail).toContain('cin-deep.xml');
    expect(detail).toMatch(/nested more than [\d,]+ levels deep/);
    expect(await stored()).toBe(before);
  });

  it('an SSDA903 XML return nested 20,000 levels deep inside an episode: 422 unreadable_file, nothing stored', async () => {
    const before = await stored();
    const xml = `<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER><EPISODE>${nested(20_000)}</EPISODE></CHILD></EXPSSDA903>`;
    const detail = await refused(await upload('ssda903', 'ssda903-deep.xml', xml));
    expect(detail).toContain('ssda903-deep.xml');
    expect(await stored()).toBe(before);
  });
});
