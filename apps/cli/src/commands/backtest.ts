import { writeFileSync } from 'node:fs';
import { csvTableText } from '@continuum/formats';
import { backtest, backtestTable, backtestWindow } from '@continuum/simulator';
import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { withExamples } from './withExamples.ts';

/** The examples `--help` shows; the CLI test runs every one of them on a demo database. */
const BACKTEST_EXAMPLES = [
  'continuum backtest --at 2024-06-01 --months 12 --replications 50',
  'continuum --json backtest --at 2024-06-01 --months 6 --replications 20 --csv /tmp/backtest',
];

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/**
 * `continuum backtest --at T --months N`: calibrates the published pathway on the record before T,
 * simulates N months from the cases open at T, and compares with what the record shows.
 */
export function registerBacktest(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('backtest')
      .description(
        'calibrate on the record before a date, simulate from the cases open then, compare with what happened',
      )
      .requiredOption('--at <date>', 'T, an ISO date (YYYY-MM-DD) with a year of record before it', isoDate)
      .option('--months <n>', 'months after T to compare (1-36, default 12)', months, 12)
      .option('--replications <n>', 'replications (default 200)', positive, 200)
      .option('--seed <n>', 'random seed (default 1)', positive, 1)
      .option('--csv <prefix>', 'also write <prefix>-months.csv and <prefix>-stages.csv'),
    BACKTEST_EXAMPLES,
  ).action(async (opts: { at: number; months: number; replications: number; seed: number; csv?: string }) => {
    const out = deps.output();
    const ctx = await openContext(deps.config());
    let data: {
      pathway: ReturnType<typeof ctx.store.pathways.compiled>;
      intervals: Awaited<ReturnType<typeof ctx.store.intervals.calibrationRecords>>;
    };
    try {
      const latest = await ctx.store.pathways.latest();
      if (!latest)
        throw new CliError(
          'No pathway is published in this database; run `continuum demo` first.',
          ExitCode.invalidInput,
          'no_pathway',
        );
      data = {
        pathway: ctx.store.pathways.compiled(latest),
        intervals: await ctx.store.intervals.calibrationRecords(latest.id),
      };
    } finally {
      await ctx.store.close();
    }
    const { problem } = backtestWindow(data.intervals, opts.at, opts.months);
    if (problem) throw new CliError(problem.message, ExitCode.invalidInput, problem.code);
    const result = await out.track('backtest', opts.replications, (bar) =>
      backtest({
        pathway: data.pathway,
        intervals: data.intervals,
        at: opts.at,
        months: opts.months,
        replications: opts.replications,
        seed: opts.seed,
        onProgress: (done) => bar.update(done),
      }),
    );
    const labels = Object.fromEntries(data.pathway.definition.stages.map((s) => [s.id, s.label]));
    if (opts.csv)
      for (const table of ['months', 'stages'] as const)
        writeFileSync(`${opts.csv}-${table}.csv`, csvTableText(backtestTable(result, table, labels)));
    const lines = [
      `Backtest at ${result.at.slice(0, 10)}, ${result.months} months, ${result.replications} replications (calibrated on ${result.calibration.from.slice(0, 10)} to ${result.calibration.asOf.slice(0, 10)})`,
      `${'stage'.padEnd(26)} ${'open at T'.padStart(9)} ${'mean stock'.padStart(10)} ${'stock MAPE'.padStart(10)} ${'in band'.padStart(8)} ${'entries MAPE'.padStart(12)} ${'in band'.padStart(8)}`,
    ];
    for (const s of result.stages)
      lines.push(
        `${`${labels[s.stage] ?? s.stage}${s.assessed ? '' : ' *'}`.padEnd(26)} ${String(s.openAtT).padStart(9)} ${(s.meanActualStock?.toFixed(1) ?? '-').padStart(10)} ${pct(s.stockMape).padStart(10)} ${pct(s.stockCoverage).padStart(8)} ${pct(s.entriesMape).padStart(12)} ${pct(s.entriesCoverage).padStart(8)}`,
      );
    lines.push(
      `* not assessed (mean recorded stock under 20, or a terminal stage). Assessed: largest stock MAPE ${pct(result.summary.maxStockMape)}, band coverage ${pct(result.summary.coverage)}.`,
    );
    out.result(lines.join('\n'), { ...result, stageLabels: labels });
  });
}

function isoDate(value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new CliError(
      `--at must be an ISO date (YYYY-MM-DD), not "${value}".`,
      ExitCode.usage,
      'bad_option',
    );
  return ms;
}

function months(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36)
    throw new CliError(
      `--months must be a whole number from 1 to 36, not "${value}".`,
      ExitCode.usage,
      'bad_option',
    );
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`"${value}" is not a positive whole number.`, ExitCode.usage, 'bad_option');
  return n;
}
