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

  /** Runs `continuum --json import <files> --report q.csv` in this process against the CLI's store. */
  const cliImport = async (parts: readonly ReturnPart[]): Promise<CliImport> => {
    const dir = mkdtempSync(join(work, 'cli-'));
    const paths = parts.map((p) => {
      writeFileSync(join(dir, p.name), p.text);
      return join(dir, p.name);
    });
    const values: unknown[] = [];
    const output: Output = {
      json: true,
      result: (_text, value) => values.push(value),
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
    const report = join(dir, 'quality.csv');
    process.exitCode = undefined;
    try {
      await program.parseAsync(['node', 'continuum', 'import', ...paths, '--report', report]);
      return {
        value: values[0] as CliImport['value'],
        quality: readFileSync(report, 'utf8'),
        exitCode: Number(process.exitCode ?? 0),
      };
    } finally {
      process.exitCode = undefined;
    }
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
