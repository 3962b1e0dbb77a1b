import { Command } from 'commander';
import type { CommandDeps } from './commandDeps.ts';
import { registerBacktest } from './commands/backtest.ts';
import { registerDemo } from './commands/demo.ts';
import { registerExport } from './commands/exportCommand.ts';
import { registerImport } from './commands/importCommand.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerServe } from './commands/serve.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerToken } from './commands/token.ts';
import { registerWorker } from './commands/worker.ts';
import { readConfig } from './config.ts';
import { createOutput } from './output.ts';

/** Builds the `continuum` command tree; `main.ts` parses argv with it. */
export function createProgram(): Command {
  const program = new Command('continuum')
    .description("Continuum: workflow engine for multi-agency children's case pathways")
    .option('--json', 'print results as JSON on stdout (for scripts)')
    .showHelpAfterError('(add --help for usage)')
    .enablePositionalOptions();
  const deps: CommandDeps = {
    config: () => readConfig(),
    output: () => createOutput(program.opts<{ json?: boolean }>().json === true),
  };
  registerServe(program, deps);
  registerWorker(program, deps);
  registerMigrate(program, deps);
  registerToken(program, deps);
  registerImport(program, deps);
  registerExport(program, deps);
  registerSimulate(program, deps);
  registerBacktest(program, deps);
  registerDemo(program, deps);
  return program;
}
