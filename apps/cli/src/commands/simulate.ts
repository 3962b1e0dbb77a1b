import { caseloadStartDate, liveCaseload } from '@continuum/api';
import { csvTableText } from '@continuum/formats';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CompiledPathway } from '@continuum/machines';
import {
  calibrate,
  compareScenario,
  type LiveCase,
  type Scenario,
  SimulationInputError,
  simulationTable,
} from '@continuum/simulator';
import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { simulateReport } from './simulateReport.ts';
import { withExamples } from './withExamples.ts';

/** The scenario file: a Scenario, or `{ scenario, replications, seed, horizonDays, startDate }`. */
interface ScenarioFile {
  scenario: Scenario;
  replications?: number;
  seed?: number;
  horizonDays?: number;
  startDate?: string;
}

interface SimulateOptions {
  replications?: number;
  seed?: number;
  horizonDays?: number;
  workers?: number;
  startFrom: 'today' | 'empty';
  warmupDays?: number;
  calibrated?: boolean;
  csv?: string;
}

/** The examples `--help` shows; the CLI test runs every one of them on a demo database. */
const SIMULATE_EXAMPLES = [
  `continuum simulate '{"name":"Early help +20%","capacityMultiplier":{"early_help":1.2}}' --replications 20`,
  `continuum simulate '{"arrivalMultiplier":1.1,"arrivalTrendPerYear":0.03}' --calibrated --replications 10`,
  `continuum simulate '{"weightMultipliers":[{"from":"child_in_need","event":"step_down","factor":1.1}]}' --replications 10 --csv /tmp/step-downs`,
  `continuum simulate '{"durationMultiplier":{"child_protection":0.9}}' --start-from empty --warmup-days 365 --replications 10`,
];

/**
 * `continuum simulate <scenario>`: runs a what-if beside its baseline (the published pathway, or its
 * calibration with --calibrated), from today's caseload by default, with common random numbers.
 */
export function registerSimulate(program: Command, deps: CommandDeps): void {
  withExamples(
    program
      .command('simulate')
      .description(
        "run a what-if scenario beside its baseline (same random numbers), from today's caseload unless --start-from empty",
      )
      .argument(
        '<scenario>',
        'scenario JSON, inline or a file: e.g. {"capacityMultiplier": {"early_help": 1.2}}; levers: arrivalMultiplier, arrivalTrendPerYear, capacity, capacityMultiplier, staffing, whenFull, weights, weightMultipliers, durations, durationMultiplier, newStages',
      )
      .option('--replications <n>', 'replications (default: the file, else 20)', positive)
      .option('--seed <n>', 'random seed (default: the file, else 1)', positive)
      .option('--horizon-days <n>', 'days reported (default: the file, else 730)', positive)
      .option('--workers <n>', 'worker threads (default: the simulator decides)', positive)
      .option(
        '--start-from <where>',
        'today: the open cases with their time in stage (default); empty: no cases, warmed up first',
        startFrom,
        'today',
      )
      .option(
        '--warmup-days <n>',
        'with --start-from empty: days simulated before the horizon (default 365)',
        positive,
      )
      .option(
        '--calibrated',
        'simulate the pathway as calibrated from the recorded cases (arrivals, routing, stays)',
      )
      .option(
        '--csv <prefix>',
        'also write <prefix>-stages.csv, <prefix>-series.csv and <prefix>-differences.csv',
      ),
    SIMULATE_EXAMPLES,
  ).action(async (source: string, opts: SimulateOptions) => {
    const out = deps.output();
    const input = readScenario(source);
    if (opts.warmupDays !== undefined && opts.startFrom === 'today')
      throw new CliError(
        '--warmup-days goes with --start-from empty (a run from today starts with the open cases).',
        ExitCode.usage,
        'bad_option',
      );
    const ctx = await openContext(deps.config());
    let pathway: CompiledPathway | undefined;
    let initialStock: LiveCase[] | undefined;
    let startDate = input.startDate;
    try {
      const latest = await ctx.store.pathways.latest();
      if (latest) {
        pathway = ctx.store.pathways.compiled(latest);
        if (opts.calibrated) {
          const intervals = await ctx.store.intervals.calibrationRecords(latest.id);
          if (intervals.length === 0)
            throw new CliError(
              'There are no recorded cases to calibrate from; leave out --calibrated or import cases first.',
              ExitCode.invalidInput,
              'no_data',
            );
          pathway = calibrate({ pathway, intervals }).compiled;
        }
        if (opts.startFrom === 'today') {
          const live = await liveCaseload(ctx.store, latest);
          initialStock = live.stock;
          startDate ??= caseloadStartDate(live);
        }
      }
    } finally {
      await ctx.store.close();
    }
    if (!pathway) {
      throw new CliError(
        'No pathway is published in this database; run `continuum demo` or publish one first.',
        ExitCode.invalidInput,
        'no_pathway',
      );
    }
    if (initialStock && initialStock.length === 0)
      out.info('No open cases are recorded: starting from empty with a 365-day warm-up.');
    const replications = opts.replications ?? input.replications ?? 20;
    try {
      const result = await out.track('simulate', replications * 2, (bar) =>
        compareScenario({
          pathway,
          scenario: input.scenario,
          replications,
          seed: opts.seed ?? input.seed ?? 1,
          horizonDays: opts.horizonDays ?? input.horizonDays ?? 730,
          ...(startDate ? { startDate } : {}),
          ...(initialStock ? { initialStock } : {}),
          ...(opts.warmupDays !== undefined ? { warmupDays: opts.warmupDays } : {}),
          ...(opts.workers ? { workers: opts.workers } : {}),
          onProgress: (done) => bar.update(done),
        }),
      );
      if (opts.csv)
        for (const table of ['stages', 'series', 'differences'] as const)
          writeFileSync(`${opts.csv}-${table}.csv`, csvTableText(simulationTable(result, table)));
      out.result(simulateReport(result, input.scenario.name ?? source, replications), result);
    } catch (error) {
      if (error instanceof SimulationInputError) {
        const detail = error.problems.map((p) => `  ${p.path.join('.')}: ${p.message}`).join('\n');
        throw new CliError(
          `${source}: the scenario is invalid:\n${detail}`,
          ExitCode.invalidInput,
          error.code,
        );
      }
      throw error;
    }
  });
}

/** A scenario from inline JSON (starting with `{`) or a file. */
function readScenario(source: string): ScenarioFile {
  const inline = source.trimStart().startsWith('{');
  if (!inline && !existsSync(source))
    throw new CliError(`No such file: ${source}`, ExitCode.invalidInput, 'file_not_found');
  let json: unknown;
  try {
    json = JSON.parse(inline ? source : readFileSync(source, 'utf8'));
  } catch (error) {
    throw new CliError(
      `${inline ? 'The scenario' : source} is not JSON: ${(error as Error).message}`,
      ExitCode.invalidInput,
      'invalid_json',
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError(
      `${source} must hold a JSON object (a scenario).`,
      ExitCode.invalidInput,
      'invalid_scenario',
    );
  }
  const obj = json as Record<string, unknown>;
  if ('scenario' in obj) return obj as unknown as ScenarioFile;
  return { scenario: obj as Scenario };
}

function startFrom(value: string): 'today' | 'empty' {
  if (value === 'today' || value === 'empty') return value;
  throw new CliError(`--start-from must be today or empty, not "${value}".`, ExitCode.usage, 'bad_option');
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`"${value}" is not a positive whole number.`, ExitCode.usage, 'bad_option');
  return n;
}
