import { type IngestUploadResponse, IngestUploadResponseSchema } from '@continuum/contracts';
import { importSsda903Xml } from '@continuum/formats';
import { beforeAll, expect, it } from 'vitest';
import {
  generate903Children,
  write903Return,
} from '../../../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { write903Xml } from '../../../../packages/formats/src/testing/ssda903XmlWriter.ts';
import { dumpTables } from '../../../../tests/support/dumpTables.ts';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

interface Part {
  field?: string;
  name: string;
  content: string;
}

// Issue 13: the SSDA903 XML variant through POST /api/ingest: the same stored stays as the CSV
// tables of the same children, every element counted, refusals as problem+json (never a 500).
describeEachEngine('POST /api/ingest with an SSDA903 XML return', ({ store, dataDir, engine }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
  });
  const seed = (n: number) => (engine === 'sqlite' ? n : n + 1);
  const upload = (parts: readonly Part[], fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const p of parts) form.append(p.field ?? 'file', new Blob([p.content]), p.name);
    return Promise.resolve(
      t.app.request('/api/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.manager}` },
        body: form,
      }),
    );
  };
  const ok = async (res: Response): Promise<IngestUploadResponse> => {
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const body = IngestUploadResponseSchema.parse(JSON.parse(text));
    const s = body.source!;
    expect(s.imported + s.merged + s.notStored + s.outsidePathway + s.rejected).toBe(s.read);
    return body;
  };
  /** The stored stays and events (what an import writes). */
  const stays = async () => {
    const all = JSON.parse(await dumpTables(store())) as Record<string, unknown>;
    return JSON.stringify({ stays: all.stage_intervals, events: all.case_events, cases: all.cases });
  };
  const csvParts = (r: ReturnType<typeof write903Return>) =>
    (['episodes', 'header', 'careLeavers'] as const).map((table) => {
      const one = r[table] as { name: string; csv: string };
      return { field: table, name: one.name, content: one.csv };
    });

  it('the XML after the CSV of the same children adds nothing: identical stored stays; and the other way round', async () => {
    const children = generate903Children(seed(81), 25, { returns: true });
    const csv = await ok(
      await upload(csvParts(write903Return(children, { seed: 3 })), { format: 'ssda903' }),
    );
    expect(csv.events.imported).toBeGreaterThan(0);
    const afterCsv = await stays();
    const file = write903Xml(children, { seed: 4, name: '903.xml' });
    const xml = await ok(await upload([{ name: file.name, content: file.xml }]));
    expect(xml.format).toBe('ssda903');
    expect(xml.source?.unit).toBe('elements');
    const direct = importSsda903Xml([file], { pseudonymise: (id) => id });
    const read = direct.elements.counts;
    // What the XML would import alone is all in the store already: counted merged, none imported.
    expect(xml.source).toMatchObject({
      read: direct.elements.elementsRead,
      imported: 0,
      merged: read.merged + read.imported + read.outside_pathway,
      notStored: read.not_stored,
      outsidePathway: 0,
      rejected: 0,
      children: direct.cases,
      continued: direct.cases,
    });
    // Every child is already stored with the same history: nothing continues, nothing is added.
    expect(xml.events.imported).toBe(0);
    expect(xml.source?.gaps).toBe(0);
    expect(await stays()).toBe(afterCsv);

    // The other way round, with other children: the XML first, then its CSV adds nothing.
    const others = generate903Children(seed(83), 25, { returns: true });
    const other = write903Xml(others, { seed: 5, iso: true });
    const first = await ok(await upload([{ name: 'other.xml', content: other.xml }], { format: 'ssda903' }));
    expect(first.events.imported).toBeGreaterThan(0);
    const afterXml = await stays();
    const then = await ok(await upload(csvParts(write903Return(others, { seed: 6 }))));
    expect(then.events.imported).toBe(0);
    expect(then.source).toMatchObject({
      imported: 0,
      outsidePathway: 0,
      rejected: 0,
      gaps: 0,
      continued: first.source?.children,
    });
    expect(await stays()).toBe(afterXml);

    // No identifier, UPN, birth date (as the return writes it) or postcode anywhere in the database.
    const dump = await dumpTables(store());
    for (const c of [...children, ...others]) {
      const dob = `${c.dob.slice(8, 10)}/${c.dob.slice(5, 7)}/${c.dob.slice(0, 4)}`;
      for (const secret of [`"${c.id}"`, c.upn, c.homePost, dob, 'ZZ9 9ZZ', 'SC123456'])
        expect(dump.includes(secret), `${secret} in the database`).toBe(false);
    }
  });

  it('malformed XML, a mix of XML and CSV: 422 problem+json, nothing stored; unknown elements and personal data in a code are rejected and reported', async () => {
    const before = await stays();
    const broken = await upload([{ name: 'broken.xml', content: '<EXPSSDA903><CHILD><HEADER></CHILD>' }]);
    expect(broken.status).toBe(422);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
    expect(await broken.json()).toMatchObject({
      code: 'unreadable_file',
      detail: expect.stringMatching(/broken\.xml is not readable XML/),
    });
    const children = generate903Children(seed(85), 2);
    const file = write903Xml(children);
    const csv = write903Return(children);
    const mixed = await upload(
      [
        { name: '903.xml', content: file.xml },
        { name: 'episodes.csv', content: (csv.episodes as { csv: string }).csv },
      ],
      { format: 'ssda903' },
    );
    expect(mixed.status).toBe(422);
    expect(await mixed.json()).toMatchObject({ code: 'unknown_format' });
    expect(await stays()).toBe(before);

    const bad = file.xml
      .replace(/<LS>[^<]*<\/LS>/, '<LS>Jane Smith</LS>')
      .replace('</CHILD>', '<PETS><DOG>Rex</DOG></PETS></CHILD>');
    const body = await ok(await upload([{ name: 'bad.xml', content: bad }], { mode: 'partial' }));
    expect(body.source!.rejected).toBeGreaterThanOrEqual(8);
    const quality = body.quality.csv;
    expect(quality).toMatch(/bad\.xml,episodes,\d+,LS,rejected,looks like a person's name/);
    expect(quality).toMatch(/bad\.xml,CHILD\/PETS,\d+,DOG,rejected,not an element of the SSDA903 XML return/);
    const dump = await dumpTables(store());
    expect(dump).not.toContain('Jane Smith');
    expect(dump).not.toContain('Rex');
  });
});
