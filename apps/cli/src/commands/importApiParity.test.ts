import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceAccount } from '@continuum/formats';
import { Command } from 'commander';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../api/src/testing/testApp.ts';
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
import { postgresAdminUrl, postgresAvailable } from '../../../../tests/support/environment.ts';
import { CliError } from '../exitCodes.ts';
import { noProgress, type Output } from '../output.ts';
import { registerImport } from './importCommand.ts';

/** One file of a return: its name, its text, and the form field the API gets it in. */
interface ReturnPart {
  field: string;
  name: string;
  text: string;
}

/** What `POST /api/ingest` answered (IngestUploadResponse), as far as this test compares it. */
interface UploadAnswer {
  source: SourceAccount;
  events: { imported: number };
  quality: { csv: string };
}

/** What `continuum --json import` printed, with its data-quality report (--report) and exit code. */
interface CliImport {
  value: { source: SourceAccount; ingest: { acceptedRows: number } };
  quality: string;
  exitCode: number;
}

// H1: `continuum import` and `POST /api/ingest` read the returns with one reader (readReturnFiles):
// the same files give the same account, row by row, table by table, and the same quality report,
// into stores of either engine that hold the same history.
describeEachEngine('continuum import and POST /api/ingest account for the same files alike', (ctx) => {
  let api: TestApp;
  let work: string;
  let cliDir: string;
  let cliDatabase: string | undefined;
  beforeAll(async () => {
    api = await createTestApp(ctx.store(), ctx.dataDir());
    work = mkdtempSync(join(tmpdir(), 'continuum-parity-'));
    cliDir = mkdtempSync(join(tmpdir(), 'continuum-parity-cli-'));
    // The CLI opens a store of its own, of the same engine, empty like the API's.
    if (ctx.engine === 'postgres' && (await postgresAvailable())) {
      cliDatabase = `continuum_parity_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      await adminQuery(`CREATE DATABASE ${cliDatabase}`);
    }
  });
  afterAll(async () => {
    await api?.app.close();
    if (cliDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${cliDatabase} WITH (FORCE)`);
    rmSync(work, { recursive: true, force: true });
    rmSync(cliDir, { recursive: true, force: true });
  });

  /** Writes the files for the CLI in a folder of their own; their paths. */
  const cliFiles = (parts: readonly ReturnPart[]) => {
    const dir = mkdtempSync(join(work, 'cli-'));
    const paths = parts.map((p) => {
      writeFileSync(join(dir, p.name), p.text);
      return join(dir, p.name);
    });
    return { dir, paths };
  };

  /** Runs `continuum --json import <args>` in this process against the CLI's store. */
  const runImport = async (
    args: readonly string[],
    values: unknown[],
    texts: string[] = [],
  ): Promise<number> => {
    const output: Output = {
      json: true,
      result: (text, value) => {
        values.push(value);
        texts.push(text);
      },
      info: () => {},
      track: (_label, _total, work) => work(noProgress),
    };
    const url = cliDatabase ? new URL(postgresAdminUrl) : undefined;
    if (url) url.pathname = `/${cliDatabase}`;
    const program = new Command().exitOverride();
    registerImport(program, {
      config: () => ({
        dataDir: cliDir,
        databaseUrl: url?.toString(),
        port: 0,
        host: '127.0.0.1',
        hmacSecret: undefined,
      }),
      output: () => output,
    });
    process.exitCode = undefined;
    try {
      await program.parseAsync(['node', 'continuum', 'import', ...args]);
      return Number(process.exitCode ?? 0);
    } finally {
      process.exitCode = undefined;
    }
  };

  /** Runs `continuum --json import <files> --report q.csv`: what it printed, its report and exit code. */
  const cliImport = async (parts: readonly ReturnPart[]): Promise<CliImport> => {
    const { dir, paths } = cliFiles(parts);
    const values: unknown[] = [];
    const report = join(dir, 'quality.csv');
    const exitCode = await runImport([...paths, '--report', report], values);
    return { value: values[0] as CliImport['value'], quality: readFileSync(report, 'utf8'), exitCode };
  };

  /** How `continuum import` refused the files (the CliError main.ts prints as `{"error": {code, message}}`). */
  const cliRefusal = async (parts: readonly ReturnPart[], format?: string) => {
    const { paths } = cliFiles(parts);
    try {
      await runImport([...paths, ...(format ? ['--format', format] : [])], []);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return { exitCode: error.exitCode, code: error.code, message: error.message };
    }
    throw new Error('continuum import took the files');
  };

  /** How `POST /api/ingest` refused the files (problem+json). */
  const apiRefusal = async (parts: readonly ReturnPart[], format?: string) => {
    const form = new FormData();
    if (format) form.append('format', format);
    for (const p of parts) form.append(p.field, new Blob([p.text]), p.name);
    const res = await api.app.request('/api/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.manager}` },
      body: form,
    });
    const body = (await res.json()) as { code: string; detail: string };
    return { status: res.status, code: body.code, detail: body.detail };
  };

  /** Uploads the files as multipart/form-data (partial, as the CLI's default) to the API's store. */
  const apiUpload = async (parts: readonly ReturnPart[]): Promise<UploadAnswer> => {
    const form = new FormData();
    form.append('mode', 'partial');
    for (const p of parts) form.append(p.field, new Blob([p.text]), p.name);
    const res = await api.app.request('/api/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.manager}` },
      body: form,
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return JSON.parse(text) as UploadAnswer;
  };

  /** Both import the files; the accounts, the events stored and the quality reports are the same. */
  const expectSameAccount = async (parts: readonly ReturnPart[]) => {
    const cli = await cliImport(parts);
    const answer = await apiUpload(parts);
    expect(cli.value.source).toEqual(answer.source);
    expect(cli.value.ingest.acceptedRows).toBe(answer.events.imported);
    expect(cli.quality).toBe(answer.quality.csv);
    // The CLI exits 'partial' exactly when the API's answer holds a rejected source row.
    expect(cli.exitCode).toBe(answer.source.rejected > 0 ? 4 : 0);
    return answer.source;
  };

  const seed = (n: number) => (ctx.engine === 'sqlite' ? n : n + 1);
  const children903 = generate903Children(seed(301), 20, { returns: true });

  it('SSDA903 tables, a care leavers table told by its name only (form field, file name), rows merged and rejected', async () => {
    const r = write903Return(children903, { seed: 5 });
    const csv = (t: unknown) => (t as { csv: string }).csv;
    const episodes = csv(r.episodes).split('\n');
    const cells = episodes[1]!.split(',');
    cells[1] = 'not a date';
    episodes[1] = cells.join(',');
    // CHILD and ACCOM only: the columns do not say it is the care leavers (OC3) table.
    const leavers = csv(r.careLeavers)
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => `${l.split(',')[0]},S`);
    expect(leavers.length).toBeGreaterThan(0);
    const oc3 = ['CHILD,ACCOM', ...leavers, leavers[0]!, ',S'].join('\n');
    const source = await expectSameAccount([
      { field: 'episodes', name: 'episodes.csv', text: episodes.join('\n') },
      { field: 'header', name: 'header.csv', text: csv(r.header) },
      { field: 'careLeavers', name: 'oc3.csv', text: oc3 },
    ]);
    const careLeavers = source.parts.find((p) => p.part === 'careLeavers')!;
    expect(careLeavers).toMatchObject({ file: 'oc3.csv', read: leavers.length + 2, merged: 1, rejected: 1 });
    expect(source.parts.find((p) => p.part === 'episodes')!.rejected).toBeGreaterThan(0);
    expect(source.children).toBe(20);
  });

  it('the same children as an SSDA903 XML return: every element, all continued from the store', async () => {
    const xml = write903Xml(children903, { seed: 6, name: '903.xml' });
    const source = await expectSameAccount([{ field: 'file', name: '903.xml', text: xml.xml }]);
    expect(source).toMatchObject({ unit: 'elements', continued: 20 });
  });

  it('CIN census years with moves the pathway lacks', async () => {
    const cin = writeCinCensusFiles(generateCinChildren(seed(303), 15, { outside: true }));
    const source = await expectSameAccount(cin.map((f) => ({ field: 'file', name: f.name, text: f.xml })));
    expect(source).toMatchObject({ unit: 'elements', children: 15 });
    expect(source.outsidePathway).toBeGreaterThan(0);
  });

  // The CLI stored a return with rejected rows under --mode atomic (only the store's own refusals
  // rolled it back), where POST /api/ingest stores nothing and answers 422.
  it('atomic with a rejected source row: both store nothing and give the same account; exit 3, 422', async () => {
    const r = write903Return(generate903Children(seed(307), 6), { seed: 8 });
    const csv = (t: unknown) => (t as { csv: string }).csv;
    const episodes = csv(r.episodes).split('\n');
    const cells = episodes[1]!.split(',');
    cells[1] = 'not a date';
    episodes[1] = cells.join(',');
    const parts = [
      { field: 'episodes', name: 'episodes.csv', text: episodes.join('\n') },
      { field: 'header', name: 'header.csv', text: csv(r.header) },
    ];
    const { paths } = cliFiles(parts);
    const values: unknown[] = [];
    const texts: string[] = [];
    expect(await runImport([...paths, '--mode', 'atomic'], values, texts)).toBe(3);
    // Nothing was written: what the tables would put in the store is importable, not imported.
    expect(texts[0]).toMatch(/episodes episodes\.csv: rows \d+: importable \d+, merged/);
    expect(texts[0]).not.toMatch(/: imported \d/);
    const cli = values[0] as { source: SourceAccount; summary: unknown; ingest: unknown };
    const form = new FormData();
    form.append('mode', 'atomic');
    for (const p of parts) form.append(p.field, new Blob([p.text]), p.name);
    const before = await ctx.store().cases.counts();
    const res = await api.app.request('/api/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${api.tokens.manager}` },
      body: form,
    });
    expect(res.status).toBe(422);
    const refused = (await res.json()) as {
      report: { source: SourceAccount; events: unknown; committed: boolean };
    };
    expect(refused.report.committed).toBe(false);
    expect(cli.source).toEqual(refused.report.source);
    expect(cli.summary).toEqual(refused.report.events);
    expect(cli.ingest).toBeNull();
    expect(await ctx.store().cases.counts()).toEqual(before);
    // The CLI's store is as empty as before: the same files in partial mode create every child.
    const partial: unknown[] = [];
    expect(await runImport([...paths, '--mode', 'partial'], partial)).toBe(4);
    expect((partial[0] as { source: SourceAccount }).source.continued).toBe(0);
  });

  // H10: the CLI printed bad_option for several files of a one-file format and for SSDA903 CSV
  // tables and XML together, where the API answers too_many_files and unknown_format.
  it('refuse the same files with the same code and reason: exit 2 (files given wrong) or 3 (unreadable), 422', async () => {
    /** The reader's message, without the hint each adds (what to pass or send, nothing imported or stored). */
    const reason = (message: string) =>
      message
        .replace(
          /; (pass --format|send a format field|import one|upload one|nothing was (imported|stored)).*$/,
          '',
        )
        .replace(/\.$/, '');
    const tables = write903Return(children903, { seed: 7 });
    const csv = (t: unknown) => (t as { csv: string }).csv;
    // In the API's `file` field, as the CLI has it: a table named by its form field is described as one.
    const episodes = { field: 'file', name: 'episodes.csv', text: csv(tables.episodes) };
    const cin = writeCinCensusFiles(generateCinChildren(seed(305), 2))[0]!;
    const deep = `${'<Item>'.repeat(20_000)}x${'</Item>'.repeat(20_000)}`;
    const cases: { parts: ReturnPart[]; format?: string; code: string; exit: number }[] = [
      { parts: [{ field: 'file', name: 'notes.bin', text: 'x' }], code: 'unknown_format', exit: 2 },
      {
        parts: [{ field: 'file', name: cin.name, text: cin.xml }, episodes],
        code: 'unknown_format',
        exit: 2,
      },
      {
        parts: [
          episodes,
          { field: 'file', name: '903.xml', text: write903Xml(children903, { name: '903.xml' }).xml },
        ],
        code: 'unknown_format',
        exit: 2,
      },
      {
        parts: [
          { field: 'file', name: 'a.xlsx', text: 'PK' },
          { field: 'file', name: 'b.xlsx', text: 'PK' },
        ],
        format: 'annex-a',
        code: 'too_many_files',
        exit: 2,
      },
      {
        parts: [{ field: 'file', name: 'cin-deep.xml', text: cin.xml.replace('<Child>', `<Child>${deep}`) }],
        code: 'unreadable_file',
        exit: 3,
      },
      {
        parts: [{ field: 'header', name: 'header.csv', text: csv(tables.header) }],
        code: 'missing_file',
        exit: 3,
      },
    ];
    for (const c of cases) {
      const cli = await cliRefusal(c.parts, c.format);
      const api = await apiRefusal(c.parts, c.format);
      expect({ exit: cli.exitCode, cli: cli.code, api: api.code, status: api.status }).toEqual({
        exit: c.exit,
        cli: c.code,
        api: c.code,
        status: 422,
      });
      expect(reason(cli.message)).toBe(reason(api.detail));
    }
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
