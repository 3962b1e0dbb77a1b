import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAdminUrl, postgresAvailable, reportGap } from '../support/environment.ts';

/** The repository root, where the CLI runs. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const started: ChildProcess[] = [];

/** Runs `continuum` (node with tsx's loader: no npx wrapper) and collects its output and exit code. */
function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, CONTINUUM_HMAC_KEY: '', ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `serve --json` without the demo, waits for its JSON answer, stops it; returns the answer. */
async function serveOnce(env: Record<string, string>): Promise<{ token: string | null; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/cli/src/main.ts', '--json', 'serve', '--no-demo', '--no-build'],
    {
      cwd: ROOT,
      env: { ...process.env, CONTINUUM_HMAC_KEY: '', PORT: '0', ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  started.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const answer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve timed out: ${out} ${err}`)), 120_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (/\}\s*$/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('close', (code) => reject(new Error(`serve exited with ${code}: ${out} ${err}`)));
  });
  const closed = new Promise((resolve) => child.once('close', resolve));
  process.kill(-child.pid!, 'SIGINT');
  await closed;
  return JSON.parse(answer) as { token: string | null; url: string };
}

afterAll(() => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

describe('continuum token and key handling (real processes, SQLite)', () => {
  let dir: string;
  let env: Record<string, string>;
  const json = (s: string) => JSON.parse(s) as Record<string, unknown>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-keys-'));
    env = { CONTINUUM_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the admin token on the first start only, keeps none on disk, and removes a legacy plaintext file', async () => {
    const first = await serveOnce(env);
    expect(first.token).toMatch(/^ctm_/);
    expect(existsSync(join(env.CONTINUUM_DATA_DIR!, 'demo-token'))).toBe(false);
    writeFileSync(join(env.CONTINUUM_DATA_DIR!, 'demo-token'), 'ctm_old\n', { mode: 0o600 });
    const second = await serveOnce(env);
    expect(second.token).toBeNull();
    expect(existsSync(join(env.CONTINUUM_DATA_DIR!, 'demo-token'))).toBe(false);
  });

  it('creates (with expiry), lists and revokes tokens; bad durations and ids are usage errors', async () => {
    const created = await runCli(
      ['--json', 'token', 'create', '--role', 'viewer', '--label', 'kiosk', '--expires-in', '12h'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const c = json(created.stdout) as { id: number; token: string; expiresAt: string };
    expect(Date.parse(c.expiresAt) - Date.now()).toBeGreaterThan(11 * 3_600_000);

    const listed = await runCli(['--json', 'token', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const tokens = (json(listed.stdout) as { tokens: { id: number; status: string; label: string }[] })
      .tokens;
    expect(tokens.find((t) => t.id === c.id)).toMatchObject({ status: 'active', label: 'kiosk' });
    expect(listed.stdout).not.toContain(c.token);

    const revoked = await runCli(['--json', 'token', 'revoke', String(c.id)], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(json(revoked.stdout)).toMatchObject({ id: c.id, revoked: true });
    const human = await runCli(['token', 'list'], env);
    expect(human.stdout).toMatch(new RegExp(`^\\s*${c.id}\\s+viewer\\s+revoked`, 'm'));

    expect((await runCli(['token', 'create', '--role', 'viewer', '--expires-in', 'soon'], env)).code).toBe(2);
    expect((await runCli(['token', 'revoke', 'abc'], env)).code).toBe(2);
    expect((await runCli(['token', 'revoke', '99999'], env)).code).toBe(3);
  });

  it('refuses to start with another HMAC key than the one the database was written with (exit 6)', async () => {
    const other = { ...env, CONTINUUM_HMAC_KEY: 'another-deployment-key-0123456789' };
    const migrate = await runCli(['migrate'], other);
    expect(migrate.code).toBe(6);
    expect(migrate.stderr).toMatch(/another HMAC key/);
    const serve = await runCli(['serve', '--no-demo', '--no-build'], { ...other, PORT: '0' });
    expect(serve.code).toBe(6);
    expect(serve.stderr).toMatch(/another HMAC key/);
  });
});

describe('continuum on a shared PostgreSQL database (two data folders)', () => {
  let dir: string;
  let database: string | undefined;
  let url = '';
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
    dir = mkdtempSync(join(tmpdir(), 'continuum-keys-pg-'));
    if (!(await postgresAvailable())) {
      reportGap('CLI on a shared PostgreSQL', `Start PostgreSQL on ${postgresAdminUrl}.`);
      return;
    }
    database = `continuum_keys_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin(`CREATE DATABASE ${database}`);
    const u = new URL(postgresAdminUrl);
    u.pathname = `/${database}`;
    url = u.toString();
  });
  afterAll(async () => {
    if (database) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('mints one admin token for the database, and refuses a data folder with another key', async (ctx) => {
    if (!database) ctx.skip();
    const key = 'shared-deployment-key-0123456789abcdef';
    const a = await serveOnce({
      CONTINUUM_DATA_DIR: join(dir, 'a'),
      DATABASE_URL: url,
      CONTINUUM_HMAC_KEY: key,
    });
    expect(a.token).toMatch(/^ctm_/);
    const b = await serveOnce({
      CONTINUUM_DATA_DIR: join(dir, 'b'),
      DATABASE_URL: url,
      CONTINUUM_HMAC_KEY: key,
    });
    expect(b.token).toBeNull();
    const listed = await runCli(['--json', 'token', 'list'], {
      CONTINUUM_DATA_DIR: join(dir, 'b'),
      DATABASE_URL: url,
      CONTINUUM_HMAC_KEY: key,
    });
    const tokens = (JSON.parse(listed.stdout) as { tokens: { role: string }[] }).tokens;
    expect(tokens.filter((t) => t.role === 'admin')).toHaveLength(1);
    // A new data folder without the deployment key would pseudonymise children differently: refused.
    const c = await runCli(['migrate'], { CONTINUUM_DATA_DIR: join(dir, 'c'), DATABASE_URL: url });
    expect(c.code).toBe(6);
    expect(c.stderr).toMatch(/another HMAC key/);
  });
});
