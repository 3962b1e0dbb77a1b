import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyListWorkbook } from '../../packages/formats/src/annexA/annexAWorkbook.fixture.ts';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import { generate903Children, write903Return } from '../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { xesStructureProblems } from '../../packages/formats/src/xes/xesStructure.fixture.ts';
import { xesValidator } from '../../packages/formats/src/xes/xmllint.fixture.ts';
import pg from 'pg';
import { postgresAdminUrl, postgresAvailable, reportGap } from '../support/environment.ts';
import { sharedFixture, sharedFixtureOrGap } from '../support/sharedFixture.ts';

/** The repository root, where `npx tsx apps/cli/src/main.ts` runs. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a finished `continuum` process left behind. */
interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `continuum` command as a child process and collects its output and exit code. */
function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return outcome(
    spawn('npx', ['tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Collects a child's output until it exits. */
function outcome(child: ChildProcess): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs a command that should refuse to start but would keep running if it wrongly started (a
 * worker): tracked like a server (stopLeftovers), and killed if it is still running after
 * `killAfterMs`, so a broken refusal fails its test (exit code null) instead of hanging the suite.
 */
function runRefusal(args: string[], env: Record<string, string>, killAfterMs = 45_000): Promise<CliRun> {
  const child = startCli(args, env);
  let killed = false;
  const kill = setTimeout(() => {
    killed = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, killAfterMs);
  return outcome(child)
    .then((run) =>
      killed ? { ...run, stderr: `${run.stderr}\n[still running after ${killAfterMs} ms: killed]` } : run,
    )
    .finally(() => clearTimeout(kill));
}

/** Starts a long-running `continuum` process (serve); the caller stops it. */
const started: ChildProcess[] = [];

/** Stops any server a failed test left running (its whole process group). */
function stopLeftovers(): void {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function startCli(args: string[], env: Record<string, string>): ChildProcess {
  // Its own process group, so the test can send SIGINT to the whole group as a terminal's Ctrl-C does.
  // Node runs the CLI with tsx's loader (no npx/tsx wrapper process): the wrappers report a Ctrl-C as
  // 130 whatever the program did, and this test checks the program's own exit code.
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  return child;
}

/** Waits until a running process prints a line matching `pattern` on stdout; returns stdout so far. */
function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs = 240_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got ${seen}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (d) => {
      seen += d;
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    child.once('close', (code) => reject(new Error(`exited with ${code} before ${pattern}: ${seen}`)));
  });
}

/** Sends Ctrl-C to the process group and resolves with the exit code. */
function interrupt(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('close', (code) => resolve(code));
    process.kill(-child.pid!, 'SIGINT');
  });
}

/** The external sample workbook, read only through sharedFixture(): its test skips loudly without it. */
const SAMPLE = 'annex-a/Annex_A_sample.xlsx';

const CSV = [
  'case_ref,stage,entered_at,event,event_id,age_band,sex',
  'C-1,front_door,2024-01-02,,e1,5_9,female',
  'C-1,assessment,2024-01-03,accept_referral,e2,,',
  'C-1,child_in_need,2024-02-10,,e3,,',
  'C-2,front_door,2024-01-05,,e1,10_15,male',
  'C-2,closed,2024-01-06,no_further_action,e2,,',
].join('\n');
const BAD_CSV = `${CSV}\nC-3,front_door,2024-01-05,,e1,,\nC-3,child_protection,2024-01-06,,e2,,\n`;

describe('continuum CLI (real processes)', () => {
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-cli-'));
    env = { CONTINUUM_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  });
  afterAll(() => {
    stopLeftovers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has --help on every command and exits 2 on bad usage', async () => {
    const top = await runCli(['--help'], env);
    expect(top.code, top.stderr).toBe(0);
    for (const cmd of ['serve', 'import', 'export', 'simulate', 'demo', 'token', 'migrate']) {
      expect(top.stdout).toContain(cmd);
    }
    const sub = await Promise.all(
      [['import'], ['export'], ['simulate'], ['demo'], ['token', 'create'], ['migrate'], ['serve']].map((c) =>
        runCli([...c, '--help'], env),
      ),
    );
    for (const r of sub) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Usage: continuum /);
    }
    const bogus = await runCli(['bogus'], env);
    expect(bogus.code, bogus.stderr).toBe(2);
    expect(bogus.stderr).toContain("unknown command 'bogus'");
    for (const minutes of ['0', '1441', '2.5', 'soon', '1e2', '0x3c', ' 60']) {
      const badTimeout = await runCli(['serve', '--no-build', '--request-timeout', minutes], env);
      expect(badTimeout.code, badTimeout.stderr).toBe(2);
      expect(badTimeout.stderr).toContain(
        '--request-timeout must be a whole number of minutes from 1 to 1440.',
      );
    }
    const badRole = await runCli(['token', 'create', '--role', 'wizard'], env);
    expect(badRole.code, badRole.stderr).toBe(2);
    expect(badRole.stderr).toContain('Allowed choices are admin, designer, manager, analyst, viewer');
  });

  it('migrates and creates tokens, with --json output', async () => {
    const m = await runCli(['--json', 'migrate'], env);
    expect(m.code, m.stderr).toBe(0);
    expect(json(m.stdout)).toMatchObject({ engine: 'sqlite', migrated: true, cases: 0 });
    const t = await runCli(['--json', 'token', 'create', '--role', 'analyst', '--label', 'ci'], env);
    expect(t.code, t.stderr).toBe(0);
    expect(json(t.stdout)).toMatchObject({
      role: 'analyst',
      label: 'ci',
      token: expect.stringMatching(/\S{20,}/),
    });
    const plain = await runCli(['token', 'create', '--role', 'viewer'], env);
    expect(plain.stdout.trim()).toMatch(/^\S{20,}$/);
  });

  it('refuses a bad file with exit 3 and writes nothing', async () => {
    const missing = await runCli(['import', join(dir, 'nope.csv')], env);
    expect(missing.code, missing.stderr).toBe(3);
    expect(missing.stderr).toContain('No such file');
    // A path that looks like personal data is not repeated, as in the import's own output.
    const named = await runCli(['import', join(dir, 'Jane Smith SW1A 1AA.csv')], env);
    expect(named.code, named.stderr).toBe(3);
    expect(named.stderr).toMatch(/No such file: file 1 \(name withheld: /);
    expect(named.stderr).not.toMatch(/Jane|SW1A/);
    const notWorkbook = await runCli(['--json', 'import', file('fake.xlsx', 'this is not a zip')], env);
    expect(notWorkbook.code, notWorkbook.stderr).toBe(3);
    expect(json(notWorkbook.stdout)).toMatchObject({ error: { code: 'not_a_workbook' } });
    expect(notWorkbook.stderr).toContain('not an .xlsx workbook');
    const atomic = await runCli(['--json', 'import', '--mode', 'atomic', file('bad.csv', BAD_CSV)], env);
    expect(atomic.code, atomic.stderr).toBe(3);
    expect(json(atomic.stdout)).toMatchObject({ ingest: { committed: false, rejectedRows: 1 } });
    const counts = await runCli(['--json', 'migrate'], env);
    expect(json(counts.stdout)).toMatchObject({ cases: 0, events: 0 });
  });

  it('imports CSV (partial import exits 4) and an Annex A workbook, then exports XES and CSV', async () => {
    const partial = await runCli(['--json', 'import', file('bad2.csv', BAD_CSV)], env);
    expect(partial.code, partial.stderr).toBe(4);
    expect(json(partial.stdout)).toMatchObject({
      ingest: { committed: true, casesCreated: 2, casesRejected: 1 },
    });
    const again = await runCli(['import', file('good.csv', CSV)], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('duplicates skipped 5');

    // The project's own workbook of all nine lists (the shared sample has its own test below).
    const workbook = file('every-list.xlsx', await everyListWorkbook());
    const annex = await runCli(['--json', 'import', '--extract-date', '2021-03-31', workbook], env);
    expect(annex.code, annex.stderr).toBe(0);
    const report = json(annex.stdout) as {
      annexA: { lists: { list: number; rowsRead: number }[] };
      ingest: { rejectedRows: number; acceptedRows: number };
    };
    expect(report.annexA.lists.map((l) => l.rowsRead)).toEqual([2, 1, 3, 1, 1, 1, 1, 1, 1]);
    expect(report.ingest.rejectedRows).toBe(0);
    // The same extract again: every child is continued after its last recorded event, so nothing is new.
    const again2 = await runCli(['--json', 'import', '--extract-date', '2021-03-31', workbook], env);
    expect(again2.code, again2.stderr).toBe(0);
    expect(json(again2.stdout)).toMatchObject({
      annexA: { children: 4, continued: 4 },
      ingest: { committed: true, rows: 0, rejectedRows: 0 },
    });

    const xesPath = join(dir, 'log.xes');
    const xes = await runCli(['export', '--format', 'xes', '--output', xesPath], env);
    expect(xes.code, xes.stderr).toBe(0);
    const xml = readFileSync(xesPath, 'utf8');
    expect(xml.match(/<trace>/g)).toHaveLength(2 + 4);
    expect(xesStructureProblems(xml)).toEqual([]);
    const validateXes = xesValidator('CLI XES export schema validation');
    if (validateXes) expect(validateXes(xml).ok).toBe(true);

    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^case_ref,stage,entered_at,event,event_id,age_band/);
    expect(lines).toHaveLength(1 + 5 + report.ingest.acceptedRows);
    expect(csv.stdout).not.toContain('C-1');
  });

  it('prints an import summary that adds up: rows = imported + skipped + rejected, updated only when changed', async () => {
    const own = { CONTINUUM_DATA_DIR: join(dir, 'summary'), DATABASE_URL: '' };
    const summaryOf = (stdout: string) =>
      (json(stdout) as { summary: Record<string, number> }).summary as {
        rows: number;
        imported: number;
        skipped: number;
        rejected: number;
      };
    const addsUp = (s: ReturnType<typeof summaryOf>) =>
      expect(s.imported + s.skipped + s.rejected).toBe(s.rows);

    // 7 rows: C-1 (3) and C-2 (2) imported; C-3's first row is valid but its case is rejected by row 7.
    const partial = await runCli(['import', file('summary-bad.csv', BAD_CSV)], own);
    expect(partial.code, partial.stderr).toBe(4);
    expect(partial.stdout).toContain(
      'rows 7: imported 5, duplicates skipped 0, rejected 2 (1 refused, 1 valid row dropped with a rejected case)',
    );
    expect(partial.stdout).toContain('cases created 2, updated 0, rejected 1');
    const partialJson = await runCli(['--json', 'import', file('summary-bad2.csv', BAD_CSV)], own);
    addsUp(summaryOf(partialJson.stdout));

    // Re-importing what is stored: every row skipped, no case changed.
    const again = await runCli(['--json', 'import', file('summary-good.csv', CSV)], own);
    expect(again.code, again.stderr).toBe(0);
    expect(summaryOf(again.stdout)).toEqual({
      rows: 5,
      imported: 0,
      skipped: 5,
      rejected: 0,
      refused: 0,
      dropped: 0,
    });
    expect(json(again.stdout)).toMatchObject({ ingest: { casesCreated: 0, casesUpdated: 0 } });
    const againText = await runCli(['import', file('summary-good2.csv', CSV)], own);
    expect(againText.stdout).toContain('rows 5: imported 0, duplicates skipped 5, rejected 0');
    expect(againText.stdout).toContain('cases created 0, updated 0, rejected 0');

    // One new row for C-1: exactly one case updated.
    const more = await runCli(
      ['--json', 'import', file('summary-more.csv', `${CSV}\nC-1,s47_enquiry,2024-03-01,,e4,,\n`)],
      own,
    );
    expect(more.code, more.stderr).toBe(0);
    expect(summaryOf(more.stdout)).toMatchObject({ rows: 6, imported: 1, skipped: 5, rejected: 0 });
    expect(json(more.stdout)).toMatchObject({ ingest: { casesCreated: 0, casesUpdated: 1 } });

    // Atomic with a bad row: nothing written, every row still accounted for.
    const atomic = await runCli(
      ['import', '--mode', 'atomic', file('summary-atomic.csv', BAD_CSV.replace(/C-/g, 'D-'))],
      own,
    );
    expect(atomic.code, atomic.stderr).toBe(3);
    expect(atomic.stdout).toContain(
      'rows 7: imported 0, duplicates skipped 0, rejected 7 (1 refused, 6 not written: the atomic import rolled back)',
    );

    // Annex A: each list's rows as imported, merged or rejected; a second import merges every row.
    const workbook = file('summary.xlsx', await everyListWorkbook());
    const first = await runCli(['import', '--extract-date', '2021-03-31', workbook], own);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('  events 12: imported 12, duplicates skipped 0, rejected 0');
    // A1's referral and its assessment start share a day: one row makes the move, the other is merged.
    expect(first.stdout).toContain(
      'List 3 Referrals [List 3 Referrals]: rows 3: imported 2, merged 1 (already recorded), outside the pathway 0, rejected 0; events 4',
    );
    const second = await runCli(['--json', 'import', '--extract-date', '2021-03-31', workbook], own);
    expect(second.code, second.stderr).toBe(0);
    const secondReport = json(second.stdout) as {
      annexA: { lists: { rowsRead: number; imported: number; merged: number; rejected: number }[] };
      ingest: { casesUpdated: number };
    };
    addsUp(summaryOf(second.stdout));
    expect(secondReport.ingest.casesUpdated).toBe(0);
    for (const l of secondReport.annexA.lists) {
      expect(l.imported + l.merged + l.rejected).toBe(l.rowsRead);
      expect(l.imported).toBe(0);
    }
  });

  it('imports CIN census years and an SSDA903 return by their content; importing them again adds nothing', async () => {
    const own = { CONTINUUM_DATA_DIR: join(dir, 'returns'), DATABASE_URL: '' };
    const cinFiles = writeCinCensusFiles(generateCinChildren(3, 12)).map((f) =>
      file(`returns-${f.name}`, f.xml),
    );
    const cin = await runCli(['--json', 'import', ...cinFiles], own);
    expect(cin.code, cin.stderr).toBe(0);
    const cinReport = json(cin.stdout) as {
      format: string;
      cin: { children: number; counts: Record<string, number>; elementsRead: number };
      ingest: { rejectedRows: number; rows: number };
    };
    expect(cinReport.format).toBe('cin');
    expect(cinReport.cin.children).toBe(12);
    expect(Object.values(cinReport.cin.counts).reduce((a, b) => a + b, 0)).toBe(cinReport.cin.elementsRead);
    expect(cinReport.ingest.rejectedRows).toBe(0);
    expect(cinReport.ingest.rows).toBeGreaterThan(12);
    const cinAgain = await runCli(['--json', 'import', ...cinFiles], own);
    // Nothing is counted imported when nothing is written: the elements are already stored.
    expect(json(cinAgain.stdout)).toMatchObject({
      ingest: { committed: true, rows: 0, rejectedRows: 0 },
      source: { read: cinReport.cin.elementsRead, imported: 0, outsidePathway: 0, continued: 12 },
      cin: { counts: { imported: 0 } },
    });

    const tables = write903Return(generate903Children(4, 10));
    const paths = [tables.episodes, tables.header, tables.careLeavers].map((t) => {
      const one = t as { name: string; csv: string };
      return file(`returns-903-${one.name}`, one.csv);
    });
    const s903 = await runCli(['--json', 'import', ...paths], own);
    expect(s903.code, s903.stderr).toBe(0);
    expect(json(s903.stdout)).toMatchObject({
      format: 'ssda903',
      ssda903: { children: 10, periodsOfCare: 10 },
      ingest: { rejectedRows: 0 },
    });
    const again = await runCli(['--json', 'import', ...paths], own);
    expect(json(again.stdout)).toMatchObject({
      ingest: { committed: true, rows: 0, rejectedRows: 0 },
      source: { imported: 0, outsidePathway: 0, continued: 10 },
    });
  });

  it('imports the shared sample Annex A workbook and exports it', async (ctx) => {
    const sample = sharedFixture(SAMPLE, ctx);
    const own = { CONTINUUM_DATA_DIR: join(dir, 'sample'), DATABASE_URL: '' };
    const annex = await runCli(['--json', 'import', sample], own);
    expect(annex.code, annex.stderr).toBe(0);
    const report = json(annex.stdout) as {
      annexA: { lists: { list: number; rowsRead: number }[] };
      ingest: { rejectedRows: number };
    };
    expect(report.annexA.lists.map((l) => l.rowsRead)).toEqual([5, 5, 6, 5, 5, 5, 7, 5, 6]);
    expect(report.ingest.rejectedRows).toBe(0);
    // The same extract again: every child is continued after its last recorded event, so nothing is new.
    const again2 = await runCli(['--json', 'import', sample], own);
    expect(again2.code, again2.stderr).toBe(0);
    expect(json(again2.stdout)).toMatchObject({
      annexA: { children: 48, continued: 48 },
      ingest: { committed: true, rows: 0, rejectedRows: 0 },
    });
    const xes = await runCli(['export', '--format', 'xes'], own);
    expect(xes.code, xes.stderr).toBe(0);
    expect(xes.stdout.match(/<trace>/g)).toHaveLength(48);
    const validateXes = xesValidator('CLI XES export schema validation (shared sample)');
    if (validateXes) expect(validateXes(xes.stdout).ok).toBe(true);
    const csv = await runCli(['export', '--format', 'csv'], own);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(1 + 78);
  });

  it('runs a what-if scenario and refuses an invalid one with exit 3', async () => {
    const ok = await runCli(
      [
        '--json',
        'simulate',
        '--replications',
        '2',
        '--horizon-days',
        '60',
        '--workers',
        '1',
        file('s.json', JSON.stringify({ name: 'demand', arrivalMultiplier: 1.2 })),
      ],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const result = json(ok.stdout) as { difference: { stages: { stage: string }[] } };
    expect(result.difference.stages.map((s) => s.stage)).toContain('early_help');
    expect(ok.stderr).not.toContain('continuum:');
    const bad = await runCli(
      ['simulate', file('bad.json', JSON.stringify({ capacity: { nowhere: 3 } }))],
      env,
    );
    expect(bad.code, bad.stderr).toBe(3);
    expect(bad.stderr).toContain('nowhere');
    const notJson = await runCli(['simulate', file('x.json', '{nope')], env);
    expect(notJson.code, notJson.stderr).toBe(3);
  });

  it('serves API and web app on one port: first start loads the demo, a second start reuses it, Ctrl-C stops cleanly', async () => {
    const serveEnv = { CONTINUUM_DATA_DIR: join(dir, 'served'), DATABASE_URL: '', PORT: '0' };
    const first = startCli(['--json', 'serve', '--no-build'], serveEnv);
    let stderr = '';
    first.stderr!.on('data', (d) => (stderr += d));
    const started = JSON.parse(await waitFor(first, /\}\s*$/)) as {
      url: string;
      token: string;
      demoLoaded: boolean;
    };
    expect(started.demoLoaded).toBe(true);
    expect(started).toMatchObject({ requestTimeoutMinutes: 120 });
    const me = await fetch(`${started.url}/api/me`, {
      headers: { authorization: `Bearer ${started.token}` },
    });
    expect(await me.json()).toMatchObject({ role: 'admin' });
    const kpis = await fetch(`${started.url}/api/export/csv?what=kpis`, {
      headers: { authorization: `Bearer ${started.token}` },
    });
    expect(kpis.status).toBe(200);
    expect(await kpis.text()).toMatch(/^id,name,unit,value/);
    expect(await interrupt(first)).toBe(0);
    expect(stderr).not.toMatch(/Error|continuum:/);

    const second = startCli(['--json', 'serve', '--no-build', '--request-timeout', '240'], serveEnv);
    const again = JSON.parse(await waitFor(second, /\}\s*$/)) as {
      url: string;
      token: string;
      demoLoaded: boolean;
      requestTimeoutMinutes: number;
    };
    expect(again.demoLoaded).toBe(false);
    expect(again.requestTimeoutMinutes).toBe(240);
    // The admin token is printed on the first start only (issue 11), and not kept on disk.
    expect(again.token).toBeNull();
    expect(existsSync(join(serveEnv.CONTINUUM_DATA_DIR, 'demo-token'))).toBe(false);
    const cases = await fetch(`${again.url}/api/me`, {
      headers: { authorization: `Bearer ${started.token}` },
    });
    expect(cases.status).toBe(200);
    expect(await interrupt(second)).toBe(0);

    const demo = await runCli(['--json', 'demo'], serveEnv);
    expect(demo.code, demo.stderr).toBe(0);
    expect(json(demo.stdout)).toMatchObject({ loaded: false, cases: expect.any(Number) });
    expect((json(demo.stdout) as { cases: number }).cases).toBeGreaterThan(5000);
  });
});

describe('continuum CLI on PostgreSQL (DATABASE_URL)', () => {
  let dir: string;
  let database: string | undefined;
  let env: Record<string, string> = {};
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-cli-pg-'));
    if (!(await postgresAvailable())) return;
    database = `continuum_cli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${database}`;
    env = { CONTINUUM_DATA_DIR: join(dir, 'data'), DATABASE_URL: url.toString() };
  });
  afterAll(async () => {
    stopLeftovers();
    if (database) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, imports an Annex A workbook and exports valid XES', async () => {
    if (!database) {
      reportGap('CLI on PostgreSQL', `Start PostgreSQL on ${postgresAdminUrl} (trust auth for postgres).`);
      return;
    }
    const m = await runCli(['--json', 'migrate'], env);
    expect(m.code, m.stderr).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ engine: 'postgres', cases: 0 });
    const workbook = join(dir, 'every-list.xlsx');
    writeFileSync(workbook, await everyListWorkbook());
    const imported = await runCli(['--json', 'import', '--extract-date', '2021-03-31', workbook], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ ingest: { committed: true, casesCreated: 4 } });
    // The shared sample too, where it is present (a fresh clone reports the gap).
    const sample = sharedFixtureOrGap(SAMPLE, 'CLI on PostgreSQL: the shared Annex A sample');
    let cases = 4;
    if (sample) {
      const fromSample = await runCli(['--json', 'import', sample], env);
      expect(fromSample.code, fromSample.stderr).toBe(0);
      expect(JSON.parse(fromSample.stdout)).toMatchObject({ ingest: { committed: true, casesCreated: 48 } });
      cases += 48;
    }
    const xes = await runCli(['export', '--format', 'xes'], env);
    expect(xes.code, xes.stderr).toBe(0);
    expect(xes.stdout.match(/<trace>/g)).toHaveLength(cases);
    expect(xesStructureProblems(xes.stdout)).toEqual([]);
    const validateXes = xesValidator('CLI on PostgreSQL: XES schema validation');
    if (validateXes) expect(validateXes(xes.stdout).ok).toBe(true);
    const unreachable = await runCli(['migrate'], {
      ...env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(unreachable.code, unreachable.stderr).toBe(5);
    expect(unreachable.stderr).toContain('Cannot open the database');
  });

  it('refuses to start a worker on an unreachable database (exit 5) or, for imports, under another HMAC key (exit 6)', async () => {
    if (!database) {
      reportGap(
        'CLI worker on PostgreSQL',
        `Start PostgreSQL on ${postgresAdminUrl} (trust auth for postgres).`,
      );
      return;
    }
    // The database records the data folder's key on first use.
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const unreachable = await runRefusal(['worker'], {
      ...env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(unreachable.code, unreachable.stderr).toBe(5);
    expect(unreachable.stderr).toContain('Cannot open the database at postgres://postgres@127.0.0.1:1/none');
    const otherKey = await runRefusal(['worker', '--imports'], {
      ...env,
      CONTINUUM_HMAC_KEY: 'another deployment key',
    });
    expect(otherKey.code, otherKey.stderr).toBe(6);
    expect(otherKey.stdout).not.toContain('is running');
  });
});
