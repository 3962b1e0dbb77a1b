import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPathway } from '@continuum/machines';
import { eventLogCsv, simulateEventLog } from '@continuum/simulator';
import { type Command, CommanderError } from 'commander';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { everyListWorkbook } from '../../../../packages/formats/src/annexA/annexAWorkbook.fixture.ts';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import {
  generate903Children,
  write903Return,
} from '../../../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { postgresAdminUrl, postgresAvailable, reportGap } from '../../../../tests/support/environment.ts';
import { readConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { loadDemo } from '../demo/loadDemo.ts';
import { CliError } from '../exitCodes.ts';
import { createProgram } from '../program.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Splits an example line like a POSIX shell (single quotes only, as the examples use); leading `NAME=value` words are its environment. */
function parseExample(line: string): { env: Record<string, string>; args: string[] } {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2]!);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? '')) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  expect(words.shift(), line).toBe('continuum');
  return { env, args: words };
}

/** Runs `continuum <args>` in this process with its output captured; the exit code main.ts would give. */
async function continuum(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; text: string }> {
  const program = createProgram();
  let text = '';
  const capture = (c: Command) => {
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
    for (const sub of c.commands) capture(sub);
  };
  capture(program);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    text += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    text += String(s);
    return true;
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'continuum', ...args]);
    return { code: Number(process.exitCode ?? 0), text };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, text: `${text}${error.message}` };
    if (error instanceof CliError) return { code: error.exitCode, text: `${text}${error.message}` };
    throw error;
  } finally {
    process.exitCode = undefined;
    out.mockRestore();
    err.mockRestore();
    process.env = saved;
  }
}

/** Every command of the tree with its words (`['token', 'create']`), parents before children. */
function commandPaths(c: Command, prefix: string[] = []): string[][] {
  return c.commands.flatMap((sub) => [
    [...prefix, sub.name()],
    ...commandPaths(sub, [...prefix, sub.name()]),
  ]);
}

/**
 * Starts a long-running example (serve, worker) as a real process, waits (generously: CI machines are
 * slow) for the line saying it runs, then sends Ctrl-C: it must stop with exit code 0.
 */
function startsAndStops(args: string[], env: Record<string, string>, running: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C goes to the group, as a terminal sends it.
      detached: true,
    });
    let text = '';
    let stopped = false;
    const deadline = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`not running after 90 s: ${text}`));
    }, 90_000);
    const seen = (d: Buffer) => {
      text += d;
      if (!stopped && running.test(text)) {
        stopped = true; // one Ctrl-C: a second one would kill it outright
        // A server must answer before it is stopped: its reference, from the URL it printed.
        const url = /running at (http:\/\/\S+?)\/?\s/.exec(text)?.[1];
        const answered = url
          ? fetch(`${url}/openapi.json`).then((r) => {
              text += `\nGET /openapi.json: ${r.status}\n`;
              if (r.status !== 200) throw new Error(`${url}/openapi.json answered ${r.status}`);
            })
          : // A worker has nothing to ask: a second for it to settle (a Ctrl-C within milliseconds of the
            // line was seen, rarely, to end it by the signal rather than its handler; reported).
            new Promise((r) => setTimeout(r, 1000));
        answered.then(
          () => process.kill(-child.pid!, 'SIGINT'),
          (error: unknown) => {
            text += String(error);
            process.kill(-child.pid!, 'SIGKILL');
          },
        );
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      if (code === 0 && running.test(text)) resolve(text);
      else reject(new Error(`exit ${code}${signal ? ` (${signal})` : ''}: ${text}`));
    });
  });
}

/**
 * Issue 14: every example that any command's `--help` shows is run and must succeed (exit 0), on a
 * demo database (five years ending 2026-01-01, so the examples' dates lie inside it), from a working
 * folder holding the files the import examples name (generated: a canonical log, two CIN census
 * years, an SSDA903 return, an Annex A workbook). `serve` and `worker` run as real processes until
 * they say they are running, then stop on Ctrl-C with exit 0; `serve` on PORT=0 (a free port, so a
 * busy 8080 or 3000 cannot fail it) and `worker` on a fresh PostgreSQL database in place of the
 * example's placeholder host.
 */
describe('every documented CLI example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-cli-examples-'));
  const work = mkdtempSync(join(tmpdir(), 'continuum-cli-examples-work-'));
  const cwd = process.cwd();
  const before = { ...process.env };
  let database: string | undefined;

  const examples: { command: string; line: string }[] = [];
  beforeAll(async () => {
    process.env.CONTINUUM_DATA_DIR = dir;
    process.env.DATABASE_URL = '';
    const ctx = await openContext(readConfig(process.env));
    try {
      await loadDemo(ctx.store, ctx.hmacKey, () => {}, new Date('2026-01-01T00:00:00Z'));
    } finally {
      await ctx.store.close();
    }
    // The files the import examples name.
    const log = eventLogCsv(
      simulateEventLog({
        pathway: defaultPathway,
        startDate: '2024-01-01',
        years: 1,
        seed: 77,
        arrivalsPerYear: 40,
      }),
    );
    // Refs of their own, so the log adds cases beside the demo's.
    writeFileSync(
      join(work, 'case-log.csv'),
      [...log].join('').replace(/^([^,\n]+),/gm, (m, ref: string) => (ref === 'case_ref' ? m : `EX-${ref},`)),
    );
    const cin = writeCinCensusFiles(generateCinChildren(91, 30));
    writeFileSync(join(work, 'cin-census-2024.xml'), cin.at(-2)!.xml);
    writeFileSync(join(work, 'cin-census-2025.xml'), cin.at(-1)!.xml);
    const r903 = write903Return(generate903Children(92, 20));
    const csvOf = (f: unknown) => (f as { csv: string }).csv;
    const one = (f: unknown) => csvOf(Array.isArray(f) ? f[0] : f);
    writeFileSync(join(work, 'episodes.csv'), one(r903.episodes));
    writeFileSync(join(work, 'header.csv'), one(r903.header));
    writeFileSync(join(work, 'care-leavers.csv'), one(r903.careLeavers));
    writeFileSync(join(work, 'annex-a.xlsx'), await everyListWorkbook());
    process.chdir(work);

    for (const words of commandPaths(createProgram())) {
      const help = await continuum([...words, '--help']);
      expect(help.code, help.text).toBe(0);
      for (const m of help.text.matchAll(/^ {2}\$ (.+)$/gm))
        examples.push({ command: words.join(' '), line: m[1]! });
    }
  }, 300_000);
  afterAll(async () => {
    process.chdir(cwd);
    process.env = before;
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
    for (const prefix of ['/tmp/step-downs', '/tmp/backtest'])
      for (const t of ['stages', 'series', 'differences', 'months'])
        rmSync(`${prefix}-${t}.csv`, { force: true });
    if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('every command shows examples in --help', async () => {
    const withExamples = new Set(examples.map((e) => e.command));
    const commands = commandPaths(createProgram()).map((w) => w.join(' '));
    expect(commands.filter((c) => !withExamples.has(c))).toEqual([]);
    expect(examples.length).toBeGreaterThan(20);
  });

  it('every example runs and succeeds', async () => {
    const failures: string[] = [];
    for (const { line } of examples) {
      const { env, args } = parseExample(line);
      const command = args.find((a) => !a.startsWith('-'));
      if (command === 'serve') {
        await startsAndStops(
          args,
          { ...env, CONTINUUM_DATA_DIR: dir, DATABASE_URL: '', PORT: '0' },
          /Press Ctrl-C to stop/,
        ).catch((error: Error) => failures.push(`${line}: ${error.message.slice(0, 2000)}`));
        continue;
      }
      if (command === 'worker') {
        const url = await workerDatabase();
        if (url === undefined) continue;
        await startsAndStops(
          args,
          { ...env, CONTINUUM_DATA_DIR: dir, DATABASE_URL: url },
          /Press Ctrl-C to stop/,
        ).catch((error: Error) => failures.push(`${line}: ${error.message.slice(0, 2000)}`));
        continue;
      }
      const run = await continuum(args, env);
      if (run.code !== 0) failures.push(`${line}: exit ${run.code}: ${run.text.slice(0, 2000)}`);
    }
    expect(failures).toEqual([]);
  }, 900_000);

  /** A fresh PostgreSQL database for the worker examples, or undefined (reported) without PostgreSQL. */
  async function workerDatabase(): Promise<string | undefined> {
    if (!(await postgresAvailable())) {
      reportGap('CLI worker examples', `Start PostgreSQL on ${postgresAdminUrl} (trust auth for postgres).`);
      return undefined;
    }
    database ??= `continuum_examples_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const url = new URL(postgresAdminUrl);
    if (!(await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${database}'`)))
      await adminQuery(`CREATE DATABASE ${database}`);
    url.pathname = `/${database}`;
    return url.toString();
  }
});

/** Runs one statement as the PostgreSQL admin; true when it returned rows. */
async function adminQuery(text: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return ((await client.query(text)).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
