import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../config.ts';
import { openContext } from '../context.ts';
import { loadDemo } from '../demo/loadDemo.ts';
import { createProgram } from '../program.ts';
import { BACKTEST_EXAMPLES } from './backtest.ts';
import { SIMULATE_EXAMPLES } from './simulate.ts';

/** Splits an example command line like a POSIX shell would (single quotes only, as the examples use). */
function argv(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2]!);
  return out;
}

/** Runs `continuum <args>` in this process, with its stdout captured. */
async function continuum(args: string[]): Promise<string> {
  const program = createProgram();
  let text = '';
  const capture = (c: Command) => {
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
    for (const sub of c.commands) capture(sub);
  };
  capture(program);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    text += String(s);
    return true;
  });
  try {
    await program.parseAsync(['node', 'continuum', ...args]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'commander.helpDisplayed') throw error;
  } finally {
    write.mockRestore();
  }
  return text;
}

/**
 * Every example `continuum simulate --help` and `continuum backtest --help` shows is run, on a demo
 * database (five years ending 2026-01-01, so the examples' dates lie inside it), and must succeed.
 */
describe('the documented CLI examples of simulate and backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-cli-examples-'));
  const before = { ...process.env };
  beforeAll(async () => {
    process.env.CONTINUUM_DATA_DIR = dir;
    process.env.DATABASE_URL = '';
    const ctx = await openContext(readConfig(process.env));
    try {
      await loadDemo(ctx.store, ctx.hmacKey, () => {}, new Date('2026-01-01T00:00:00Z'));
    } finally {
      await ctx.store.close();
    }
  }, 120_000);
  afterAll(() => {
    process.env = before;
    rmSync(dir, { recursive: true, force: true });
    // the CSV files the examples write
    for (const e of [...SIMULATE_EXAMPLES, ...BACKTEST_EXAMPLES]) {
      const a = argv(e);
      const i = a.indexOf('--csv');
      if (i >= 0)
        for (const t of ['stages', 'series', 'differences', 'months'])
          rmSync(`${a[i + 1]}-${t}.csv`, { force: true });
    }
  });

  it('shows the examples in --help', async () => {
    const simulate = await continuum(['simulate', '--help']);
    for (const e of SIMULATE_EXAMPLES) expect(simulate).toContain(e);
    const backtest = await continuum(['backtest', '--help']);
    for (const e of BACKTEST_EXAMPLES) expect(backtest).toContain(e);
  });

  it.each([...SIMULATE_EXAMPLES, ...BACKTEST_EXAMPLES])(
    'runs: %s',
    async (example) => {
      const [command, ...args] = argv(example);
      expect(command).toBe('continuum');
      const out = await continuum(args);
      if (example.includes('simulate')) expect(out).toMatch(/Scenario .*replications/);
      else expect(out).toMatch(/Backtest at|"summary"/);
      const csv = args.indexOf('--csv');
      if (csv >= 0) {
        const prefix = args[csv + 1]!;
        const tables = example.includes('simulate')
          ? ['stages', 'series', 'differences']
          : ['months', 'stages'];
        for (const t of tables) expect(existsSync(`${prefix}-${t}.csv`), t).toBe(true);
      }
    },
    120_000,
  );
});
