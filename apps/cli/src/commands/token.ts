import { isoOf, isStoreError, issueToken, ROLES, type Role, revokeToken, tokenView } from '@continuum/store';
import { type Command, Option } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { withExamples } from './withExamples.ts';

/**
 * `continuum token create|list|revoke`: issues API bearer tokens (shown once; only the hash is
 * stored), optionally expiring, lists them without secrets, and revokes them. Creation and
 * revocation are audited (actor: the CLI).
 */
export function registerToken(program: Command, deps: CommandDeps): void {
  const token = withExamples(
    program.command('token').description('manage API bearer tokens (create, list, revoke)'),
    ['continuum token create --role viewer', 'continuum token list'],
  );
  withExamples(
    token.command('create').description('create a bearer token for the HTTP API; the secret is printed once'),
    [
      "continuum token create --role analyst --label 'analytics team' --expires-in 30d",
      'continuum --json token create --role manager --label import-robot',
    ],
  )
    .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
    .option('--label <label>', "a note saying what the token is for (not a person's name)", 'cli')
    .option(
      '--expires-in <duration>',
      'lifetime: a count and a unit m, h, d or w (e.g. 30d); default: no expiry',
    )
    .action(async (opts: { role: Role; label: string; expiresIn?: string }) => {
      const ctx = await openContext(deps.config());
      try {
        const { token: secret, record } = await issueToken(ctx.store, opts, { via: 'cli' }).catch(
          (error: unknown) => {
            if (!isStoreError(error)) throw error;
            // The store words it for the API's fields; here the field is an option.
            const message =
              error.field === 'expiresIn'
                ? `--expires-in must be a count and a unit m, h, d or w (e.g. 30d), at most 5 years, not "${opts.expiresIn}".`
                : error.message;
            throw new CliError(message, ExitCode.usage, 'bad_option');
          },
        );
        deps.output().result(secret, {
          token: secret,
          role: record.role,
          label: opts.label,
          id: record.id,
          expiresAt: isoOf(record.expiresAt),
        });
      } finally {
        await ctx.store.close();
      }
    });
  withExamples(
    token
      .command('list')
      .description('list every token (id, role, label, created, expiry, status); never the secrets'),
    ['continuum token list', 'continuum --json token list'],
  ).action(async () => {
    const ctx = await openContext(deps.config());
    try {
      const now = Date.now();
      const tokens = (await ctx.store.tokens.list()).map((t) => tokenView(t, now));
      const lines = tokens.map(
        (t) =>
          `${String(t.id).padStart(4)}  ${t.role.padEnd(8)}  ${t.status.padEnd(7)}  created ${t.createdAt}  ${
            t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry'
          }  ${t.label}`,
      );
      deps.output().result(lines.length > 0 ? lines.join('\n') : 'No tokens.', { tokens });
    } finally {
      await ctx.store.close();
    }
  });
  withExamples(
    token
      .command('revoke')
      .description('revoke a token by id (see token list): it stops working within 2 s on running servers'),
    ['continuum token revoke 1'],
  )
    .argument('<id>', 'the token id')
    .action(async (raw: string) => {
      if (!/^[1-9]\d{0,14}$/.test(raw)) {
        throw new CliError(
          `A token id is a positive whole number, not "${raw}".`,
          ExitCode.usage,
          'bad_argument',
        );
      }
      const id = Number(raw);
      const ctx = await openContext(deps.config());
      try {
        const { record, revoked } = await revokeToken(ctx.store, id, { via: 'cli' }).catch(
          (error: unknown) => {
            if (isStoreError(error) && error.code === 'token_not_found')
              throw new CliError(
                `No token ${id} (see continuum token list).`,
                ExitCode.invalidInput,
                'token_not_found',
              );
            throw error;
          },
        );
        deps
          .output()
          .result(
            revoked
              ? `Revoked token ${id} (${record.role}, ${record.label}).`
              : `Token ${id} was already revoked.`,
            {
              id,
              revoked,
              revokedAt: isoOf(record.revokedAt),
            },
          );
      } finally {
        await ctx.store.close();
      }
    });
}
