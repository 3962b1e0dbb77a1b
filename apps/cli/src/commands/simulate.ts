import { existsSync, readFileSync } from 'node:fs';
import type { CompiledPathway } from '@continuum/machines';
import { type Scenario, SimulationInputError, compareScenario } from '@continuum/simulator';
import type { Command } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';

/** The scenario file: a Scenario, or `{ scenario, replications, seed, horizonDays, startDate }`. */
interface ScenarioFile {
  scenario: Scenario;
  replications?: number;
  seed?: number;
  horizonDays?: number;
  startDate?: string;
}

/** `continuum simulate <scenario.json>`: runs a what-if beside its baseline (the published pathway). */
export function registerSimulate(program: Command, deps: CommandDeps): void {
  program
    .command('simulate')
    .description('run a what-if scenario against the published pathway and compare it with the baseline')
    .argument('<scenario>', 'scenario JSON: overrides such as {"capacityMultiplier": {"early_help": 1.2}}')
    .option('--replications <n>', 'replications (default: the file, else 20)', positive)
    .option('--seed <n>', 'random seed (default: the file, else 1)', positive)
    .option('--horizon-days <n>', 'days reported (default: the file, else 730)', positive)
    .option('--workers <n>', 'worker threads (default: the simulator decides)', positive)
    .action(
      async (
        file: string,
        opts: { replications?: number; seed?: number; horizonDays?: number; workers?: number },
      ) => {
        const out = deps.output();
        const input = readScenario(file);
        const ctx = await openContext(deps.config());
        let pathway: CompiledPathway | undefined;
        try {
          const latest = await ctx.store.pathways.latest();
          pathway = latest ? ctx.store.pathways.compiled(latest) : undefined;
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
        const replications = opts.replications ?? input.replications ?? 20;
        try {
          const result = await out.track('simulate', replications * 2, (bar) =>
            compareScenario({
              pathway,
              scenario: input.scenario,
              replications,
              seed: opts.seed ?? input.seed ?? 1,
              horizonDays: opts.horizonDays ?? input.horizonDays ?? 730,
              ...(input.startDate ? { startDate: input.startDate } : {}),
              ...(opts.workers ? { workers: opts.workers } : {}),
              onProgress: (done) => bar.update(done),
            }),
          );
          const lines = [
            `Scenario ${input.scenario.name ?? file}: ${replications} replications, ${result.baseline.horizonDays} days from ${result.baseline.startDate}`,
            `${'stage'.padEnd(18)} ${'baseline stock'.padStart(15)} ${'scenario stock'.padStart(15)} ${'difference (90% CI)'.padStart(28)}`,
          ];
          for (const d of result.difference.stages) {
            const b = result.baseline.stages.find((s) => s.stage === d.stage)?.stats.meanStock.mean ?? 0;
            const s = result.scenario.stages.find((x) => x.stage === d.stage)?.stats.meanStock.mean ?? 0;
            const diff = d.stats.meanStock;
            lines.push(
              `${d.stage.padEnd(18)} ${b.toFixed(1).padStart(15)} ${s.toFixed(1).padStart(15)} ${`${diff.mean.toFixed(1)} (${diff.ciLow.toFixed(1)} to ${diff.ciHigh.toFixed(1)})`.padStart(28)}`,
            );
          }
          const cost = result.difference.totalCost;
          lines.push(
            `total cost difference: ${Math.round(cost.mean)} (${Math.round(cost.ciLow)} to ${Math.round(cost.ciHigh)})`,
          );
          out.result(lines.join('\n'), result);
        } catch (error) {
          if (error instanceof SimulationInputError) {
            const detail = error.problems.map((p) => `  ${p.path.join('.')}: ${p.message}`).join('\n');
            throw new CliError(
              `${file}: the scenario is invalid:\n${detail}`,
              ExitCode.invalidInput,
              error.code,
            );
          }
          throw error;
        }
      },
    );
}

function readScenario(file: string): ScenarioFile {
  if (!existsSync(file)) throw new CliError(`No such file: ${file}`, ExitCode.invalidInput, 'file_not_found');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      `${file} is not JSON: ${(error as Error).message}`,
      ExitCode.invalidInput,
      'invalid_json',
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError(
      `${file} must hold a JSON object (a scenario).`,
      ExitCode.invalidInput,
      'invalid_scenario',
    );
  }
  const obj = json as Record<string, unknown>;
  if ('scenario' in obj) return obj as unknown as ScenarioFile;
  return { scenario: obj as Scenario };
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`"${value}" is not a positive whole number.`, ExitCode.usage, 'bad_option');
  return n;
}
