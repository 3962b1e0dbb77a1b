import type { Command } from 'commander';

/**
 * Adds an "Examples:" section to a command's `--help` (one `$ continuum ...` line each). The help is
 * documentation that must work: the CLI's examples test runs every such line on a demo database.
 * @example withExamples(program.command('demo'), ['continuum demo'])
 */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}
