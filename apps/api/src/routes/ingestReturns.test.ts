import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestStoreReport, QualityLine as ContractQualityLine } from '@continuum/contracts';
import { type IngestUploadResponse, IngestUploadResponseSchema } from '@continuum/contracts';
import { importAnnexA, QUALITY_COLUMNS, type QualityLine, type SourceAccount } from '@continuum/formats';
import type { IngestReport } from '@continuum/store';
import fc from 'fast-check';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { everyListWorkbook } from '../../../../packages/formats/src/annexA/annexAWorkbook.fixture.ts';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import {
  generate903Children,
  write903Return,
} from '../../../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { dumpTables } from '../../../../tests/support/dumpTables.ts';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { readReturn } from '../../../cli/src/commands/importReturns.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';
import { MULTIPART_EXAMPLE } from './ingestRoutes.ts';

/** One file of a multipart upload. */
interface Part {
  field?: string;
  name: string;
  content: string | Uint8Array;
}

/** Source counts add up, and so do the events'. */
function expectCountsAddUp(r: IngestUploadResponse): void {
  const s = r.source;
  if (s) {
    expect(s.imported + s.merged + s.notStored + s.outsidePathway + s.rejected).toBe(s.read);
    for (const p of s.parts)
      expect(p.imported + p.merged + p.notStored + p.outsidePathway + p.rejected).toBe(p.read);
    expect(s.parts.reduce((n, p) => n + p.read, 0)).toBe(s.read);
  }
  const e = r.events;
  expect(e.imported + e.skipped + e.rejected).toBe(e.rows);
  expect(e.refused + e.dropped).toBe(e.rejected);
  expect(r.quality.csv.split(/\r?\n/)[0]).toBe(QUALITY_COLUMNS.join(','));
}

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>];

describe('the upload contract agrees with the store and formats types', () => {
  it('has the same keys as the store report and the quality line', () => {
    expectTypeOf<SameKeys<IngestStoreReport, IngestReport>>().toEqualTypeOf<[never, never]>();
    expectTypeOf<SameKeys<ContractQualityLine, QualityLine>>().toEqualTypeOf<[never, never]>();
    expectTypeOf<ContractQualityLine['outcome']>().toEqualTypeOf<QualityLine['outcome']>();
    // The source account formats' reader gives both the CLI and this answer.
    expectTypeOf<SourceAccount>().toEqualTypeOf<NonNullable<IngestUploadResponse['source']>>();
    expect([...QUALITY_COLUMNS]).toEqual(['file', 'part', 'row', 'field', 'outcome', 'problem']);
  });
});

// Issue 13: POST /api/ingest takes every format as multipart/form-data, with the same counts as
// `continuum import`, nothing stored when refused, and never a 500 for a user's file.
describeEachEngine('POST /api/ingest with returns', ({ store, dataDir, engine }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(store(), dataDir());
  });

  const upload = (
    parts: readonly Part[],
    fields: Record<string, string> = {},
    role: 'admin' | 'manager' | 'analyst' | 'viewer' = 'manager',
    headers: Record<string, string> = {},
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const p of parts) form.append(p.field ?? 'file', new Blob([p.content as BlobPart]), p.name);
    return Promise.resolve(
      t.app.request('/api/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens[role]}`, ...headers },
        body: form,
      }),
    );
  };
  const ok = async (res: Response) => {
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const body = IngestUploadResponseSchema.parse(JSON.parse(text));
    expectCountsAddUp(body);
    return body;
  };
  const problem = async (res: Response, status: number, code: string) => {
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { status: number; code: string; detail: string };
    expect({ status: res.status, code: body.code }).toEqual({ status, code });
    return body;
  };
  /** Everything stored but the audit log (refusals are audited). */
  const stored = async () => {
    const all = JSON.parse(await dumpTables(store())) as Record<string, unknown>;
    delete all.audit_log;
    return JSON.stringify(all);
  };
  const files = (dir: string, parts: readonly Part[]) => {
    const d = join(dataDir(), dir);
    mkdirSync(d, { recursive: true });
    return parts.map((p) => {
      const path = join(d, p.name);
      writeFileSync(path, p.content);
      return path;
    });
  };

  it('CIN census years: the same counts as continuum import; uploading them again adds nothing', async () => {
    const cin = writeCinCensusFiles(generateCinChildren(engine === 'sqlite' ? 31 : 32, 40)).map((f) => ({
      name: f.name,
      content: f.xml,
    }));
    const cli = await readReturn('cin', files('cin', cin), { outsidePathway: 'flag' });
    if (cli.format !== 'cin') throw new Error('read as CIN');
    const before = await store().cases.counts();
    const body = await ok(await upload(cin));
    expect(body.format).toBe('cin');
    expect(body.committed).toBe(true);
    expect(body.files).toEqual(cin.map((f) => f.name));
    const counts = cli.result.report.counts;
    expect(body.source).toMatchObject({
      unit: 'elements',
      children: cli.result.cases,
      read: cli.result.report.elementsRead,
      imported: counts.imported,
      merged: counts.merged,
      notStored: counts.not_stored,
      outsidePathway: counts.outside_pathway,
      rejected: counts.rejected,
      continued: 0,
    });
    expect(body.events.rows).toBe(cli.events.length);
    expect(body.events.imported).toBe(cli.events.length);
    const after = await store().cases.counts();
    expect(after.cases - before.cases).toBe(cli.result.cases);
    expect(after.events - before.events).toBe(cli.events.length);

    const again = await ok(await upload(cin));
    expect(again.events.imported).toBe(0);
    // Every element is accounted for as already stored: none counted imported when nothing is written.
    expect(again.source).toMatchObject({
      continued: cli.result.cases,
      read: cli.result.report.elementsRead,
      imported: 0,
      outsidePathway: 0,
      notStored: counts.not_stored,
      rejected: counts.rejected,
      merged: counts.merged + counts.imported + counts.outside_pathway,
    });
    expect(await store().cases.counts()).toEqual(after);
  });

  it('an SSDA903 header + episodes pair (and care leavers): the same counts as continuum import', async () => {
    const r = write903Return(generate903Children(engine === 'sqlite' ? 41 : 42, 30));
    const tables = [r.header!, r.episodes, r.careLeavers!].map((f) => {
      const one = Array.isArray(f) ? f[0] : f;
      return { name: `903-${one.name}`, content: one.csv };
    });
    const cli = await readReturn('ssda903', files('903', tables), { outsidePathway: 'flag' });
    if (cli.format !== 'ssda903') throw new Error('read as SSDA903');
    const before = await store().cases.counts();
    const body = await ok(await upload(tables));
    expect(body.format).toBe('ssda903');
    const parts = Object.fromEntries(body.source!.parts.map((p) => [p.part, p]));
    for (const tr of cli.result.report.tables) {
      expect(parts[tr.table]).toMatchObject({
        read: tr.rowsRead,
        imported: tr.counts.imported,
        merged: tr.counts.merged,
        outsidePathway: tr.counts.outside_pathway,
        rejected: tr.counts.rejected,
      });
    }
    expect(body.source!.children).toBe(30);
    expect(body.events.imported).toBe(cli.events.length);
    expect((await store().cases.counts()).cases - before.cases).toBe(30);
    const again = await ok(await upload(tables, { format: 'ssda903' }));
    expect(again.events.imported).toBe(0);
    for (const p of again.source!.parts) {
      const tr = cli.result.report.tables.find((t) => t.table === p.part)!;
      expect(p).toMatchObject({
        read: tr.rowsRead,
        imported: 0,
        outsidePathway: 0,
        rejected: tr.counts.rejected,
        merged: tr.counts.merged + tr.counts.imported + tr.counts.outside_pathway,
      });
    }
  });

  it('the 903 tables named by form field; the header alone is refused: the episodes table is missing', async () => {
    const r = write903Return(generate903Children(7, 3));
    const header = Array.isArray(r.header) ? r.header[0] : r.header;
    const res = await upload([{ field: 'header', name: 'h.csv', content: header.csv }], {
      format: 'ssda903',
    });
    const p = await problem(res, 422, 'missing_file');
    expect(p.detail).toContain('episodes');
  });

  it('an Annex A workbook with its extract date, counted as importAnnexA counts it', async () => {
    const bytes = await everyListWorkbook();
    const direct = await importAnnexA(bytes, { pseudonymise: (id) => id, extractDate: '2020-12-31' });
    const body = await ok(
      await upload([{ name: `${engine}-annexa.xlsx`, content: bytes }], {
        extractDate: '2020-12-31',
        mode: 'partial',
      }),
    );
    expect(body.format).toBe('annex-a');
    expect(body.source!.parts.map((p) => p.read)).toEqual(direct.lists.map((l) => l.rowsRead));
    expect(body.source!.parts.map((p) => p.rejected)).toEqual(direct.lists.map((l) => l.rejected));
    expect(body.source!.read).toBe(direct.lists.reduce((n, l) => n + l.rowsRead, 0));
    const again = await ok(
      await upload([{ name: `${engine}-annexa.xlsx`, content: bytes }], {
        extractDate: '2020-12-31',
        mode: 'partial',
      }),
    );
    expect(again.events.imported).toBe(0);
  });

  it('property: any generated census years upload with every element and event accounted for, as the importer reads them', async () => {
    let seed = engine === 'sqlite' ? 1000 : 2000;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.boolean(), async (children, outside) => {
        seed++;
        const cin = writeCinCensusFiles(generateCinChildren(seed, children, { outside })).map((f) => ({
          name: f.name,
          content: f.xml,
        }));
        const cli = await readReturn('cin', files(`p${seed}`, cin), { outsidePathway: 'flag' });
        if (cli.format !== 'cin') throw new Error('read as CIN');
        const body = await ok(await upload(cin));
        expect(body.source!.read).toBe(cli.result.report.elementsRead);
        expect(body.source!.children).toBe(children);
        expect(body.events.imported).toBe(cli.events.length);
        expect(body.ingest!.outsidePathwayRows).toBe(
          cli.events.filter((e) => e.event === '' && e.stage !== 'front_door').length,
        );
      }),
      { numRuns: 5 },
    );
  });

  it('atomic: a rejected element stores nothing; partial keeps the rest; the report never echoes the value', async () => {
    const [file] = writeCinCensusFiles(generateCinChildren(engine === 'sqlite' ? 51 : 52, 3)).slice(-1);
    const pii = 'jane.smith@example.com';
    const xml = file!.xml.replace(/<ReferralSource>[^<]*</, `<ReferralSource>${pii}<`);
    const parts = [{ name: 'cin-pii.xml', content: xml }];
    const before = await stored();
    const refused = await upload(parts);
    const p = (await problem(refused, 422, 'ingest_rejected')) as unknown as { report: IngestUploadResponse };
    const report = IngestUploadResponseSchema.parse(p.report);
    expect(report.committed).toBe(false);
    expect(report.ingest).toBeNull();
    expect(report.source!.rejected).toBeGreaterThan(0);
    expectCountsAddUp(report);
    expect(await stored()).toBe(before);
    const partial = await ok(await upload(parts, { mode: 'partial' }));
    expect(partial.committed).toBe(true);
    expect(partial.quality.lines.some((l) => l.outcome === 'rejected' && l.field === 'ReferralSource')).toBe(
      true,
    );
    const csv = await upload(parts, { mode: 'partial' }, 'manager', { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split(/\r?\n/)[0]).toBe('file,part,row,field,outcome,problem');
    const viaQuery = await Promise.resolve(
      t.app.request('/api/ingest?report=csv&mode=partial', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.manager}` },
        body: (() => {
          const form = new FormData();
          form.append('file', new Blob([xml]), 'cin-pii.xml');
          return form;
        })(),
      }),
    );
    expect(viaQuery.headers.get('content-disposition')).toContain('quality-report.csv');
    expect(await viaQuery.text()).toBe(text);
    for (const leak of [pii, 'jane', 'smith']) {
      expect(JSON.stringify(partial)).not.toContain(leak);
      expect(text.toLowerCase()).not.toContain(leak);
      expect((await stored()).toLowerCase()).not.toContain(leak);
    }
  });

  it('outsidePathway: flag stores a move the pathway lacks flagged; reject refuses its element', async () => {
    const cin = writeCinCensusFiles(
      generateCinChildren(engine === 'sqlite' ? 81 : 82, 30, { outside: true }),
    ).map((f) => ({ name: f.name, content: f.xml }));
    const before = await stored();
    const refused = await upload(cin, { outsidePathway: 'reject' });
    const p = (await problem(refused, 422, 'ingest_rejected')) as unknown as { report: IngestUploadResponse };
    const report = IngestUploadResponseSchema.parse(p.report);
    expect(report.outsidePathway).toBe('reject');
    expect(report.source!.rejected).toBeGreaterThan(0);
    expect(report.quality.lines.some((l) => l.outcome === 'rejected' && /pathway/.test(l.problem))).toBe(
      true,
    );
    expect(await stored()).toBe(before);
    const flagged = await ok(await upload(cin));
    expect(flagged.outsidePathway).toBe('flag');
    expect(flagged.source!.outsidePathway).toBeGreaterThan(0);
    expect(flagged.ingest!.outsidePathwayRows).toBeGreaterThan(0);
    expect(Object.keys(flagged.source!.outsidePathwayMoves).length).toBeGreaterThan(0);
    const bad = await upload(cin, { outsidePathway: 'bridge' });
    expect((await problem(bad, 422, 'invalid_value')).detail).toContain('outsidePathway');
  });

  it('a canonical CSV log as a form file', async () => {
    const csv = `case_ref,stage,entered_at,event,event_id\n${engine}-U1,front_door,2025-01-06,,\n${engine}-U1,assessment,2025-01-07,,\n`;
    const body = await ok(await upload([{ name: 'log.csv', content: csv }]));
    expect(body).toMatchObject({ format: 'csv', source: null, events: { rows: 2, imported: 2 } });
  });

  it('a viewer and an analyst get 403 and nothing is stored', async () => {
    const before = await stored();
    for (const role of ['viewer', 'analyst'] as const) {
      const res = await upload([{ name: 'x.csv', content: 'case_ref,stage,entered_at\n' }], {}, role);
      expect(res.status).toBe(403);
    }
    expect(await stored()).toBe(before);
  });

  describe('wrong or missing files get problem+json 4xx with a clear detail', () => {
    const cases: [string, () => Promise<Response>, number, string, string][] = [
      ['no file', () => upload([], { format: 'cin' }), 422, 'missing_file', 'No file'],
      [
        'a file of no known kind',
        () => upload([{ name: 'notes.bin', content: 'hello' }]),
        422,
        'unknown_format',
        'notes.bin',
      ],
      [
        'an unknown format',
        () => upload([{ name: 'a.xml', content: '<a/>' }], { format: 'xls' }),
        422,
        'unknown_format',
        'format must',
      ],
      [
        'a non-XML file as CIN',
        () => upload([{ name: 'cin.xml', content: 'this is not xml' }], { format: 'cin' }),
        422,
        'unreadable_file',
        'cin.xml',
      ],
      [
        'XML that is no census',
        () => upload([{ name: 'other.xml', content: '<?xml version="1.0"?><Root/>' }], { format: 'cin' }),
        422,
        'unreadable_file',
        'not a CIN census',
      ],
      [
        'an extract date out of range',
        () => upload([{ name: 'a.xlsx', content: 'x' }], { extractDate: '1800-01-01' }),
        422,
        'invalid_value',
        'extractDate',
      ],
      [
        'text sent as an Annex A workbook',
        () => upload([{ name: 'a.xlsx', content: 'not a zip' }]),
        422,
        'not_a_workbook',
        'a.xlsx',
      ],
      [
        'files of different kinds',
        () =>
          upload([
            { name: 'a.xml', content: '<Message><Header></Header><Children></Children></Message>' },
            { name: 'e.csv', content: 'CHILD,DECOM,RNE\n' },
          ]),
        422,
        'unknown_format',
        'different kinds',
      ],
      [
        'two canonical logs at once',
        () =>
          upload([
            { name: 'a.csv', content: 'case_ref,stage,entered_at\n' },
            { name: 'b.csv', content: 'case_ref,stage,entered_at\n' },
          ]),
        422,
        'too_many_files',
        'one file',
      ],
      [
        'episodes missing their columns',
        () =>
          upload([{ field: 'episodes', name: 'e.csv', content: 'CHILD,DECOM\n1,2020-01-01\n' }], {
            format: 'ssda903',
          }),
        422,
        'unreadable_file',
        'missing column',
      ],
      [
        'a bad mode',
        () => upload([{ name: 'a.csv', content: 'x' }], { mode: 'all' }),
        422,
        'invalid_value',
        'mode',
      ],
      [
        'a broken multipart body',
        () =>
          Promise.resolve(
            t.app.request('/api/ingest', {
              method: 'POST',
              headers: {
                authorization: `Bearer ${t.tokens.manager}`,
                'content-type': 'multipart/form-data; boundary=zzz',
              },
              body: '--zzz\r\nnonsense',
            }),
          ),
        400,
        'invalid_multipart',
        'multipart',
      ],
    ];
    for (const [name, send, status, code, detail] of cases) {
      it(name, async () => {
        const before = await stored();
        const p = await problem(await send(), status, code);
        expect(p.detail).toContain(detail);
        expect(await stored()).toBe(before);
      });
    }
  });

  it('the reference documents the multipart upload with an example that runs as written', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { example?: unknown }> } } }>;
    };
    const content = doc.paths['/api/ingest']!.post.requestBody.content;
    expect(Object.keys(content)).toEqual(['text/csv', 'application/x-ndjson', 'multipart/form-data']);
    expect(content['multipart/form-data']!.example).toEqual(MULTIPART_EXAMPLE);
    const r = write903Return(generate903Children(engine === 'sqlite' ? 71 : 72, 5));
    const tables: Record<string, string> = {
      'episodes.csv': (Array.isArray(r.episodes) ? r.episodes[0] : r.episodes).csv,
      'header.csv': (Array.isArray(r.header) ? r.header[0] : r.header).csv,
    };
    const form = new FormData();
    for (const [field, value] of Object.entries(MULTIPART_EXAMPLE)) {
      if (value.startsWith('@')) form.append(field, new Blob([tables[value.slice(1)]!]), value.slice(1));
      else form.append(field, value);
    }
    const res = await t.app.request('/api/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.manager}` },
      body: form,
    });
    const body = await ok(res);
    expect(body).toMatchObject({ format: 'ssda903', mode: 'partial', committed: true });
    expect(body.source!.children).toBe(5);
    const html = await (await t.app.request('/docs')).text();
    expect(html).toContain('example body (multipart/form-data)');
  });

  it('an upload over the byte limit is refused with 413 and stores nothing', async () => {
    const small = await createTestApp(store(), dataDir(), { ingestBodyLimit: 2000 });
    const form = new FormData();
    form.append('file', new Blob(['x'.repeat(5000)]), 'big.csv');
    const res = await small.app.request('/api/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${small.tokens.manager}` },
      body: form,
    });
    expect(res.status).toBe(413);
    await small.app.close();
  });

  it('property: random bytes, truncated XML or CSV, any format asked for: never a 500', async () => {
    const [cinFile] = writeCinCensusFiles(generateCinChildren(61, 4));
    const r = write903Return(generate903Children(62, 4));
    const episodes = (Array.isArray(r.episodes) ? r.episodes[0] : r.episodes).csv;
    const seeds = [cinFile!.xml, episodes, 'case_ref,stage,entered_at\nA,front_door,2025-01-01\n'];
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .tuple(fc.constantFrom(...seeds), fc.nat(), fc.string({ maxLength: 20 }))
        .map(([s, cut, tail]) => s.slice(0, cut % (s.length + 1)) + tail),
    );
    const name = fc.constantFrom('a.xml', 'a.csv', 'a.xlsx', 'a.ndjson', 'a', 'episodes.csv');
    const format = fc.constantFrom(undefined, 'auto', 'csv', 'ndjson', 'annex-a', 'cin', 'ssda903', 'bogus');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name, content }), { minLength: 1, maxLength: 3 }),
        format,
        fc.constantFrom('atomic', 'partial'),
        async (parts, f, mode) => {
          const res = await upload(parts, { ...(f ? { format: f } : {}), mode });
          expect(res.status, await res.clone().text()).toBeLessThan(500);
          if (res.status >= 400)
            expect(res.headers.get('content-type')).toContain('application/problem+json');
        },
      ),
      { numRuns: 40 },
    );
  });
});
