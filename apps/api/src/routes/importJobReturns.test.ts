import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ImportCounts as ContractCounts,
  type ImportJobSummary as ContractSummary,
  ImportJobListSchema,
  ImportJobSchema,
  type IngestUploadResponse,
  IngestUploadResponseSchema,
} from '@continuum/contracts';
import {
  ImportJobRepository,
  loadOrCreateHmacKey,
  type ImportCounts,
  type ImportJobSummary,
  openStore,
  type Store,
} from '@continuum/store';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import {
  generate903Children,
  write903Return,
} from '../../../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { write903Xml } from '../../../../packages/formats/src/testing/ssda903XmlWriter.ts';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { postgresAdminUrl } from '../../../../tests/support/environment.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';
import { MAX_UPLOAD_PARTS } from './uploadParts.ts';

/** One file of a multipart upload, in its form field. */
interface Part {
  field: string;
  name: string;
  content: string | Uint8Array;
}

const formOf = (parts: readonly Part[], fields: Record<string, string> = {}) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const p of parts) form.append(p.field, new Blob([p.content as BlobPart]), p.name);
  return form;
};

/** Every stay of every case, by the case's pseudonymous ref (ids aside), in one order. */
async function staysOf(store: Store): Promise<string[]> {
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const rows = await db
    .selectFrom('stage_intervals_named as s')
    .innerJoin('cases as c', 'c.id', 's.case_id')
    .select([
      'c.ref',
      's.stage',
      's.entered_at',
      's.exited_at',
      's.next_stage',
      's.exit_event',
      's.entry_event',
    ])
    .execute();
  return rows
    .map((r) =>
      [
        r.ref,
        r.stage,
        Number(r.entered_at),
        r.exited_at === null ? '' : Number(r.exited_at),
        r.next_stage,
        r.exit_event,
        r.entry_event,
      ].join('|'),
    )
    .sort();
}

/** Rows of the import tables (what a refused upload must not leave behind). */
async function importRows(store: Store): Promise<{ jobs: number; pieces: number }> {
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const count = async (table: string) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    jobs: await count('import_jobs'),
    pieces: (await count('import_file_pieces')) + (await count('import_chunks')),
  };
}

/** The report without the one thing that differs from run to run (how long the ingest took). */
const timeless = (r: IngestUploadResponse) => ({ ...r, ingest: r.ingest && { ...r.ingest, durationMs: 0 } });

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>];

describe('the import job contract agrees with the store', () => {
  it('lists what the store’s summary holds, with the same counts', () => {
    expectTypeOf<SameKeys<ContractSummary, ImportJobSummary>>().toEqualTypeOf<[never, never]>();
    expectTypeOf<ContractCounts>().toEqualTypeOf<ImportCounts>();
    expectTypeOf<ContractSummary['format']>().toEqualTypeOf<ImportJobSummary['format']>();
    expectTypeOf<ContractSummary['status']>().toEqualTypeOf<ImportJobSummary['status']>();
  });
});

// Issue 16: the statutory returns are import jobs too: the multipart upload of POST /api/ingest is
// stored as it streams in, a worker reads it back with the same reader and ingests it the same way.
describeEachEngine('POST /api/imports with returns (multipart)', ({ store, dataDir, engine }) => {
  /** Accepts uploads but runs no jobs itself. */
  let front: TestApp;
  /** Another instance of the same store whose worker ingests them. */
  let back: TestApp;
  /** An app over a second, empty store of the same engine and key, to import the same files synchronously. */
  let direct: TestApp;
  let directStore: Store;
  let directDir: string;
  let directDatabase: string | undefined;

  beforeAll(async () => {
    front = await createTestApp(store(), dataDir(), { simulations: { worker: false } });
    back = await createTestApp(store(), dataDir());
    await back.app.services.startWorkers();
    directDir = mkdtempSync(join(tmpdir(), 'continuum-direct-'));
    if (engine === 'postgres') {
      directDatabase = `continuum_direct_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      await adminQuery(`CREATE DATABASE ${directDatabase}`);
      const url = new URL(postgresAdminUrl);
      url.pathname = `/${directDatabase}`;
      directStore = await openStore({ dataDir: directDir, databaseUrl: url.toString() });
    } else directStore = await openStore({ dataDir: directDir });
    // The same HMAC key (the suite's data folder), so the same children get the same refs.
    direct = await createTestApp(directStore, dataDir());
  });
  afterAll(async () => {
    await front?.app.close();
    await back?.app.close();
    await direct?.app.close();
    await directStore?.close();
    if (directDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${directDatabase} WITH (FORCE)`);
    if (directDir) rmSync(directDir, { recursive: true, force: true });
  });

  const queue = async (form: FormData, role: 'manager' | 'admin' = 'manager', query = '') => {
    const res = await Promise.resolve(
      front.app.request(`/api/imports${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${front.tokens[role]}` },
        body: form,
      }),
    );
    const text = await res.text();
    expect(res.status, text).toBe(202);
    const started = JSON.parse(text) as { id: string; status: string; links: { self: string } };
    expect(started.status).toBe('queued');
    return started.id;
  };
  const settled = async (id: string) => {
    for (let i = 0; i < 6000; i++) {
      const res = await front.call('manager', 'GET', `/api/imports/${id}`);
      const job = ImportJobSchema.parse(await res.json());
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the import did not end');
  };
  const ingestDirectly = async (form: FormData) => {
    const res = await Promise.resolve(
      direct.app.request('/api/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${direct.tokens.manager}` },
        body: form,
      }),
    );
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return IngestUploadResponseSchema.parse(JSON.parse(text));
  };
  const problem = async (res: Response, status: number, code: string) => {
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { code: string; detail: string; field?: string };
    expect({ status: res.status, code: body.code }).toEqual({ status, code });
    return body;
  };

  it('CIN census years and an SSDA903 return queued, then done: the report and the stays POST /api/ingest gives for the same files', async () => {
    // Census years over 1 MiB, so a file is stored in several pieces.
    const cin = writeCinCensusFiles(generateCinChildren(engine === 'sqlite' ? 61 : 62, 1500)).map((f) => ({
      field: 'file',
      name: f.name,
      content: f.xml,
    }));
    expect(Math.max(...cin.map((f) => f.content.length))).toBeGreaterThan(1024 * 1024);
    const r903 = write903Return(generate903Children(engine === 'sqlite' ? 71 : 72, 60));
    const one = (f: unknown) => (Array.isArray(f) ? f[0] : f) as { name: string; csv: string };
    const tables = [
      { field: 'episodes', name: one(r903.episodes).name, content: one(r903.episodes).csv },
      { field: 'header', name: one(r903.header).name, content: one(r903.header).csv },
      // Care leavers named only by the form field.
      { field: 'careLeavers', name: 'leavers-2024.csv', content: one(r903.careLeavers).csv },
    ];

    for (const [parts, fields] of [
      [cin, { mode: 'partial' }],
      [tables, { format: 'ssda903' }],
    ] as const) {
      const id = await queue(formOf(parts, fields));
      const job = await settled(id);
      expect(job, JSON.stringify(job.error)).toMatchObject({
        status: 'done',
        kind: 'files',
        attempt: 1,
        by: 'manager',
        files: parts.map((p) => p.name),
        bytes: parts.reduce((n, p) => n + Buffer.byteLength(p.content), 0),
      });
      const report = IngestUploadResponseSchema.parse(job.report);
      expect(report.committed).toBe(true);
      expect(report.events.imported).toBeGreaterThan(0);
      const answer = await ingestDirectly(formOf(parts, fields));
      expect(timeless(report)).toEqual(timeless(answer));
      expect(job.counts).toEqual({
        committed: true,
        events: {
          rows: answer.events.rows,
          imported: answer.events.imported,
          skipped: answer.events.skipped,
          rejected: answer.events.rejected,
        },
        source: { unit: answer.source!.unit, read: answer.source!.read, rejected: answer.source!.rejected },
      });
      // The stored upload is deleted with the outcome written.
      expect(await new ImportJobRepository(store().db, loadOrCreateHmacKey(dataDir())).chunkCount(id)).toBe(
        0,
      );
    }
    expect(await staysOf(store())).toEqual(await staysOf(directStore));

    // The same files again add nothing, as through POST /api/ingest.
    const again = await settled(await queue(formOf(tables, { format: 'ssda903' })));
    expect(again.counts?.events.imported).toBe(0);
    expect(IngestUploadResponseSchema.parse(again.report).source).toMatchObject({
      imported: 0,
      outsidePathway: 0,
    });
    expect(timeless(IngestUploadResponseSchema.parse(again.report))).toEqual(
      timeless(await ingestDirectly(formOf(tables, { format: 'ssda903' }))),
    );
  });

  it('a file the reader cannot read fails the job with the reader’s code; an atomic refusal is done and stores nothing', async () => {
    const bad = await settled(
      await queue(formOf([{ field: 'file', name: 'cin-2030.xml', content: '<Message><Header>' }])),
    );
    expect(bad).toMatchObject({ status: 'failed', report: null, error: { code: 'unreadable_file' } });
    const [year] = writeCinCensusFiles(generateCinChildren(91, 3)).slice(-1);
    const pii = year!.xml.replace(/<ReferralSource>[^<]*</, '<ReferralSource>jane.smith@example.com<');
    const before = await store().cases.counts();
    const refused = await settled(
      await queue(formOf([{ field: 'file', name: 'cin-pii.xml', content: pii }])),
    );
    expect(refused.status).toBe('done');
    expect(refused.counts?.committed).toBe(false);
    expect(IngestUploadResponseSchema.parse(refused.report)).toMatchObject({
      committed: false,
      ingest: null,
    });
    expect(JSON.stringify(refused)).not.toContain('jane');
    expect(await store().cases.counts()).toEqual(before);
  });

  it('refuses bad uploads with problem+json before anything is queued, keeping nothing of them', async () => {
    const before = await importRows(store());
    const episodes = write903Return(generate903Children(7, 3));
    const header = (Array.isArray(episodes.header) ? episodes.header[0] : episodes.header)!;
    const post = (body: FormData | string, headers: Record<string, string> = {}, query = '', app = front) =>
      Promise.resolve(
        app.app.request(`/api/imports${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${app.tokens.manager}`, ...headers },
          body,
        }),
      );
    // A file of no known kind.
    await problem(
      await post(formOf([{ field: 'file', name: 'notes.bin', content: 'x'.repeat(5000) }])),
      422,
      'unknown_format',
    );
    // The SSDA903 header without its episodes table.
    const missing = await problem(
      await post(formOf([{ field: 'header', name: 'h.csv', content: header.csv }], { format: 'ssda903' })),
      422,
      'missing_file',
    );
    expect(missing).toMatchObject({ field: 'episodes' });
    // An episodes table missing its columns.
    await problem(
      await post(
        formOf([{ field: 'episodes', name: 'e.csv', content: 'CHILD,DECOM\n1,01/01/2020\n' }], {
          format: 'ssda903',
        }),
      ),
      422,
      'unreadable_file',
    );
    // No file at all; options that do not apply or are unknown.
    await problem(await post(formOf([], { format: 'cin' })), 422, 'missing_file');
    const cin = [
      { field: 'file', name: 'cin.xml', content: writeCinCensusFiles(generateCinChildren(5, 2))[0]!.xml },
    ];
    await problem(await post(formOf(cin, { extractDate: '2024-03-31' })), 422, 'invalid_value');
    await problem(await post(formOf(cin, { mode: 'sometimes' })), 422, 'invalid_value');
    await problem(await post(formOf(cin, { format: 'xlsx' })), 422, 'unknown_format');
    await problem(await post(formOf(cin), {}, '?outsidePathway=bridge'), 422, 'invalid_value');
    // Not multipart as declared.
    await problem(
      await post('--x\r\nnothing', { 'content-type': 'multipart/form-data; boundary=x' }),
      400,
      'invalid_multipart',
    );
    await problem(await post('a', { 'content-type': 'multipart/form-data' }), 400, 'invalid_multipart');
    // Too large, found while it streams in: what was stored of it is dropped.
    const small = await createTestApp(store(), dataDir(), {
      simulations: { worker: false },
      ingestBodyLimit: 2000,
    });
    try {
      await problem(await post(formOf(cin), {}, '', small), 413, 'payload_too_large');
    } finally {
      await small.app.close();
    }
    expect(await importRows(store())).toEqual(before);
    // Only the roles of the Import page.
    const analyst = await Promise.resolve(
      front.app.request('/api/imports', {
        method: 'POST',
        headers: { authorization: `Bearer ${front.tokens.analyst}` },
        body: formOf(cin),
      }),
    );
    expect(analyst.status).toBe(403);
  });

  it('an upload the import service refuses gets the same problem+json from POST /api/ingest and POST /api/imports, and a job it fails records that answer’s code and detail', async () => {
    const answers = async (form: () => FormData) => {
      const ingest = await Promise.resolve(
        direct.app.request('/api/ingest', {
          method: 'POST',
          headers: { authorization: `Bearer ${direct.tokens.manager}` },
          body: form(),
        }),
      );
      const imports = await Promise.resolve(
        front.app.request('/api/imports', {
          method: 'POST',
          headers: { authorization: `Bearer ${front.tokens.manager}` },
          body: form(),
        }),
      );
      for (const res of [ingest, imports])
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      const [a, b] = [await ingest.json(), await imports.json()];
      expect(b).toEqual(a);
      return a as Record<string, unknown>;
    };
    const unprocessable = (code: string, field: string, detail: string) => ({
      type: `https://continuum.local/problems/${code}`,
      title: 'Unprocessable content',
      status: 422,
      code,
      field,
      detail,
    });
    const cin = [
      { field: 'file', name: 'cin.xml', content: writeCinCensusFiles(generateCinChildren(5, 2))[0]!.xml },
    ];
    expect(await answers(() => formOf([], { format: 'cin' }))).toEqual(
      unprocessable(
        'missing_file',
        'file',
        'No file was sent: add one or more files to the form (CIN census years, or the SSDA903 episodes with its header).',
      ),
    );
    expect(await answers(() => formOf(cin, { extractDate: '2024-03-31' }))).toEqual(
      unprocessable('invalid_value', 'extractDate', 'extractDate applies to Annex A workbooks only.'),
    );
    const unknown = await answers(() =>
      formOf([{ field: 'file', name: 'notes.bin', content: 'x'.repeat(5000) }]),
    );
    expect(unknown).toMatchObject({ status: 422, code: 'unknown_format', field: 'format' });
    expect(unknown.detail).toMatch(/; send a format field \(csv, ndjson, annex-a, cin or ssda903\)\.$/);
    const header = write903Return(generate903Children(7, 3)).header;
    const headerOnly = (Array.isArray(header) ? header[0] : header)!;
    const noEpisodes = await answers(() =>
      formOf([{ field: 'header', name: 'h.csv', content: headerOnly.csv }], { format: 'ssda903' }),
    );
    expect(noEpisodes).toMatchObject({ status: 422, code: 'missing_file', field: 'episodes' });
    expect(noEpisodes.detail).toMatch(/; nothing was stored\.$/);
    // Found only when the worker reads the whole file: the job records what POST /api/ingest answers.
    const unreadable = () => formOf([{ field: 'file', name: 'cin-2030.xml', content: '<Message><Header>' }]);
    const refusal = await Promise.resolve(
      direct.app.request('/api/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${direct.tokens.manager}` },
        body: unreadable(),
      }),
    );
    const answer = (await refusal.json()) as { code: string; detail: string };
    expect({ status: refusal.status, code: answer.code }).toEqual({ status: 422, code: 'unreadable_file' });
    const failed = await settled(await queue(unreadable()));
    expect(failed).toMatchObject({
      status: 'failed',
      error: { title: 'The import failed.', code: answer.code, detail: answer.detail },
    });
  });

  /** Sends the same upload to POST /api/ingest and POST /api/imports: the same problem+json, nothing queued. */
  const refusedByBoth = async (form: () => FormData, code: string, detail: RegExp) => {
    const before = await importRows(store());
    const answers = await Promise.all(
      [
        direct.app.request('/api/ingest', {
          method: 'POST',
          headers: { authorization: `Bearer ${direct.tokens.manager}` },
          body: form(),
        }),
        front.app.request('/api/imports', {
          method: 'POST',
          headers: { authorization: `Bearer ${front.tokens.manager}` },
          body: form(),
        }),
      ].map(async (res) => {
        const r = await Promise.resolve(res);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        return { status: r.status, ...((await r.json()) as Record<string, unknown>) } as Record<
          string,
          unknown
        >;
      }),
    );
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ status: 422, code });
    expect(answers[0]!.detail).toMatch(detail);
    expect(await importRows(store())).toEqual(before);
  };

  it('files that cannot be of the format asked for are refused before anything is queued, with the answer POST /api/ingest gives', async () => {
    const children = generate903Children(7, 3);
    const tables = write903Return(children);
    const episodes = (Array.isArray(tables.episodes) ? tables.episodes[0] : tables.episodes)!.csv;
    const xml = write903Xml(children).xml;
    const cin = writeCinCensusFiles(generateCinChildren(5, 2))[0]!.xml;
    const file = (name: string, content: string, field = 'file') => ({ field, name, content });
    // CSV tables with an XML return, asked for or told.
    for (const fields of [{ format: 'ssda903' }, {}] as Record<string, string>[])
      await refusedByBoth(
        () => formOf([file('e.csv', episodes, 'episodes'), file('r.xml', xml)], fields),
        'unknown_format',
        /^An SSDA903 import takes either the CSV tables or XML returns, not both at once/,
      );
    await refusedByBoth(
      () => formOf([file('cin.xml', cin)], { format: 'ssda903' }),
      'unreadable_file',
      /^cin\.xml is not an SSDA903 XML return \(expected an EXPSSDA903 root/,
    );
    await refusedByBoth(
      () => formOf([file('r.xml', xml)], { format: 'cin' }),
      'unreadable_file',
      /^r\.xml is not a CIN census file \(its root element is not Message\)/,
    );
    await refusedByBoth(
      () => formOf([file('e.csv', episodes)], { format: 'cin' }),
      'unreadable_file',
      /^e\.csv is not a CIN census file \(it is plain text, not XML\)/,
    );
    await refusedByBoth(
      () => formOf([file('e.csv', episodes)], { format: 'annex-a' }),
      'not_a_workbook',
      /^e\.csv: not an \.xlsx workbook \(it is plain text\)/,
    );
    await refusedByBoth(
      () => formOf([file('e.csv', '')]),
      'unreadable_file',
      /^e\.csv is empty; nothing was stored\.$/,
    );
    await refusedByBoth(
      () => formOf([file('cin.xml', cin)], { format: 'csv' }),
      'unreadable_file',
      /^cin\.xml is not a canonical CSV log \(it is XML\)/,
    );
  });

  it('an upload of too many parts, a file name too long or a form field too long is refused by both routes alike', async () => {
    const cin = writeCinCensusFiles(generateCinChildren(5, 2))[0]!.xml;
    const parts = (n: number) => () => {
      const form = formOf([{ field: 'file', name: 'cin.xml', content: cin }]);
      for (let i = 1; i < n; i++) form.append(`note${i}`, 'x');
      return form;
    };
    await refusedByBoth(parts(MAX_UPLOAD_PARTS + 1), 'too_many_files', /at most 100 parts/);
    await refusedByBoth(
      () => formOf([{ field: 'file', name: `${'a'.repeat(252)}.xml`, content: cin }]),
      'invalid_value',
      /^A file name is longer than 255 characters/,
    );
    await refusedByBoth(
      () => formOf([{ field: 'file', name: 'cin.xml', content: cin }], { format: 'x'.repeat(70_000) }),
      'invalid_value',
      /^The form field "format" is longer than 65536 bytes/,
    );
    // At the limits, the upload is taken.
    const res = await Promise.resolve(
      front.app.request('/api/imports', {
        method: 'POST',
        headers: { authorization: `Bearer ${front.tokens.manager}` },
        body: (() => {
          const form = parts(MAX_UPLOAD_PARTS)();
          form.set('file', new Blob([cin]), `${'a'.repeat(251)}.xml`);
          return form;
        })(),
      }),
    );
    expect(res.status).toBe(202);
    const done = await settled(((await res.json()) as { id: string }).id);
    expect(done).toMatchObject({ status: 'done', files: [`${'a'.repeat(251)}.xml`] });
  });

  it('a worker that died mid-ingest leaves the import to the next worker, which reads the stored files again', async () => {
    const repo = new ImportJobRepository(store().db, loadOrCreateHmacKey(dataDir()), store().write);
    const [year] = writeCinCensusFiles(generateCinChildren(engine === 'sqlite' ? 93 : 94, 6)).slice(-1);
    const bytes = new TextEncoder().encode(year!.xml);
    const id = `died-${engine}`;
    await repo.create({ id, format: null, mode: 'atomic', pathwayId: null, by: 'admin', files: true });
    // Stored in three pieces, as a long upload would be.
    const cuts = [0, 1000, 5000, bytes.length];
    for (let i = 0; i < 3; i++) await repo.appendFilePiece(id, 0, i, bytes.subarray(cuts[i], cuts[i + 1]));
    await repo.received(id, bytes.length, {
      format: 'cin',
      mode: 'atomic',
      pathwayId: null,
      files: [{ field: 'file', name: 'cin-died.xml', ext: '.xml', bytes: bytes.length }],
      extractDate: null,
      outsidePathway: null,
    });
    // Its first worker took it and died (the transaction rolled back; the job's queue entry is gone).
    expect(await repo.begin(id, 1)).toBe(true);
    const later = await createTestApp(store(), dataDir());
    try {
      await later.app.services.startWorkers();
      const job = await settled(id);
      expect(job).toMatchObject({
        status: 'done',
        attempt: 1,
        files: ['cin-died.xml'],
        counts: { committed: true },
      });
      const report = IngestUploadResponseSchema.parse(job.report);
      const s = report.source!;
      expect(s.imported + s.merged + s.notStored + s.outsidePathway + s.rejected).toBe(s.read);
      expect(report.events.imported).toBeGreaterThan(0);
      expect(await repo.chunkCount(id)).toBe(0);
    } finally {
      await later.app.close();
    }
  });

  it('lists the recent imports newest first, with status, format, files, role and counts (admin and manager only)', async () => {
    const log = 'case_ref,stage,entered_at,event,event_id\nLIST-1,front_door,2025-01-06,,\n';
    const logRes = await front.call('admin', 'POST', '/api/imports', log, { 'content-type': 'text/csv' });
    const logId = ((await logRes.json()) as { id: string }).id;
    await settled(logId);
    const res = await front.call('manager', 'GET', '/api/imports');
    expect(res.status).toBe(200);
    const { imports } = ImportJobListSchema.parse(await res.json());
    expect(imports[0]).toMatchObject({
      id: logId,
      kind: 'log',
      status: 'done',
      format: 'csv',
      files: [],
      by: 'admin',
      counts: { committed: true, events: { rows: 1, imported: 1, skipped: 0, rejected: 0 }, source: null },
    });
    expect(imports.some((j) => j.kind === 'files' && j.format === 'ssda903' && j.status === 'done')).toBe(
      true,
    );
    const times = imports.map((j) => j.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(imports.every((j) => !('report' in j))).toBe(true);
    const two = ImportJobListSchema.parse(
      await (await front.call('admin', 'GET', '/api/imports?limit=2')).json(),
    );
    expect(two.imports.map((j) => j.id)).toEqual(imports.slice(0, 2).map((j) => j.id));
    expect(
      (await problem(await front.call('manager', 'GET', '/api/imports?limit=0'), 422, 'invalid_value')).field,
    ).toBe('limit');
    expect((await front.call('analyst', 'GET', '/api/imports')).status).toBe(403);
    expect((await front.call('viewer', 'GET', '/api/imports')).status).toBe(403);
  });
});

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
