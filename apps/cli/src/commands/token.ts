import { ROLES, type Role } from '@continuum/store';
import { type Command, Option } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';

/** `continuum token create --role R`: issues an API bearer token (shown once; only its hash is stored). */
export function registerToken(program: Command, deps: CommandDeps): void {
  const token = program.command('token').description('manage API bearer tokens');
  token
    .command('create')
    .description('create a bearer token for the HTTP API; the secret is printed once')
    .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
    .option('--label <label>', 'a note saying who or what the token is for', 'cli')
    .action(async (opts: { role: Role; label: string }) => {
      const ctx = await openContext(deps.config());
      try {
        const { token: secret, record } = await ctx.store.tokens.create(opts.role, opts.label);
        deps.output().result(secret, { token: secret, role: record.role, label: opts.label, id: record.id });
      } finally {
        await ctx.store.close();
      }
    });
}
