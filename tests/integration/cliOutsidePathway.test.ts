import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../packages/formats/src/cinCensus/cinCensus.fixture.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the real `continuum` command and collects its output and exit code. */
function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Summary {
  summary: { rows: number; imported: number; skipped: number; rejected: number };
  ingest: {
    committed: boolean;
    outsidePathwayRows: number;
    rejectedRows: number;
    rejected: { code: string }[];
  };
  cin?: {
    counts: Record<string, number>;
    elementsRead: number;
    lines: { outcome: string; reason: string }[];
  };
}

describe('continuum import --outside-pathway (real processes)', () => {
  let dir: string;
  let cinFiles: string[];
  const env = (name: string) => ({ CONTINUUM_DATA_DIR: join(dir, name), DATABASE_URL: '' });
  const addsUp = (s: Summary) => {
    expect(s.summary.imported + s.summary.skipped + s.summary.rejected).toBe(s.summary.rows);
    if (s.cin) expect(Object.values(s.cin.counts).reduce((a, b) => a + b, 0)).toBe(s.cin.elementsRead);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-outside-'));
    cinFiles = writeCinCensusFiles(generateCinChildren(77, 20, { outside: true })).map((f) => {
      const path = join(dir, f.name);
      writeFileSync(path, f.xml);
      return path;
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('CIN census: flag by default (stored, counted in the summary), reject on request (rejected with the reason)', async () => {
    const flagged = await runCli(['--json', 'import', ...cinFiles], env('flag'));
    expect(flagged.code, flagged.stderr).toBe(0);
    const f = JSON.parse(flagged.stdout) as Summary;
    addsUp(f);
    expect(f.cin!.counts.outside_pathway).toBeGreaterThan(0);
    expect(f.ingest.outsidePathwayRows).toBe(f.cin!.counts.outside_pathway);
    const text = await runCli(['import', ...cinFiles], env('flag-text'));
    expect(text.stdout).toMatch(/imported \d+ \(\d+ of them flagged outside the pathway\)/);
    expect(text.stdout).toContain('moves outside the pathway (stored flagged, not bridged)');

    const rejected = await runCli(
      ['--json', 'import', '--outside-pathway', 'reject', ...cinFiles],
      env('reject'),
    );
    expect(rejected.code, rejected.stderr).toBe(4);
    const r = JSON.parse(rejected.stdout) as Summary;
    addsUp(r);
    expect(r.ingest).toMatchObject({ committed: true, outsidePathwayRows: 0, rejectedRows: 0 });
    expect(r.cin!.counts.outside_pathway).toBe(0);
    const reasons = r.cin!.lines.filter((l) => l.reason.startsWith('the pathway has no move from'));
    expect(reasons.length).toBeGreaterThanOrEqual(f.cin!.counts.outside_pathway ?? 0);
    expect(reasons.every((l) => l.outcome === 'rejected')).toBe(true);
    expect(r.summary.imported).toBeLessThan(f.summary.imported);
  });

  it('canonical CSV: reject by default (illegal_move), flag on request; a bad value is a usage error', async () => {
    const csv = join(dir, 'log.csv');
    writeFileSync(
      csv,
      'case_ref,stage,entered_at,event\nX1,front_door,2024-01-02,\nX1,assessment,2024-01-03,\nX1,care_leaver,2024-02-01,\n',
    );
    const byDefault = await runCli(['--json', 'import', '--mode', 'atomic', csv], env('csv'));
    expect(byDefault.code).toBe(3);
    const d = JSON.parse(byDefault.stdout) as Summary;
    expect(d.ingest).toMatchObject({ committed: false, rejectedRows: 1 });
    expect(d.ingest.rejected[0]!.code).toBe('illegal_move');
    addsUp(d);
    const flag = await runCli(['--json', 'import', '--outside-pathway', 'flag', csv], env('csv'));
    expect(flag.code, flag.stderr).toBe(0);
    expect(JSON.parse(flag.stdout)).toMatchObject({ ingest: { committed: true, outsidePathwayRows: 1 } });
    const bad = await runCli(['import', '--outside-pathway', 'maybe', csv], env('csv'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/flag, reject/);
  });
});
