#!/usr/bin/env -S npx tsx
import { CommanderError } from 'commander';
import { CliError, ExitCode } from './exitCodes.ts';
import { createProgram } from './program.ts';

/** Runs the `continuum` command: maps usage errors to 2, refused input to 3, database failures to 5. */
async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  program.exitOverride();
  for (const cmd of allCommands(program)) cmd.exitOverride();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      ) {
        return ExitCode.ok;
      }
      return ExitCode.usage;
    }
    if (error instanceof CliError) {
      report(json, error.code, error.message);
      return error.exitCode;
    }
    report(json, 'internal', error instanceof Error ? (error.stack ?? error.message) : String(error));
    return ExitCode.internal;
  }
}

function allCommands(program: ReturnType<typeof createProgram>): ReturnType<typeof createProgram>[] {
  return program.commands.flatMap((c) => [c, ...allCommands(c)]);
}

function report(json: boolean, code: string, message: string): void {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  process.stderr.write(`continuum: ${message}\n`);
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`continuum: ${String(error)}\n`);
    process.exitCode = ExitCode.internal;
  },
);
