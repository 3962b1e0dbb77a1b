import { detectPii, isoOf, parseExpiresIn, ROLES, type Role, tokenView } from '@continuum/store';
import { type Command, Option } from 'commander';
import type { CommandDeps } from '../commandDeps.ts';
import { openContext } from '../context.ts';
import { CliError, ExitCode } from '../exitCodes.ts';

/**
 * `continuum token create|list|revoke`: issues API bearer tokens (shown once; only the hash is
 * stored), optionally expiring, lists them without secrets, and revokes them. Creation and
 * revocation are audited (actor: the CLI).
 */
export function registerToken(program: Command, deps: CommandDeps): void {
  const token = program.command('token').description('manage API bearer tokens (create, list, revoke)');
  token
    .command('create')
    .description('create a bearer token for the HTTP API; the secret is printed once')
    .addOption(new Option('--role <role>', 'what the token may do').choices([...ROLES]).makeOptionMandatory())
    .option('--label <label>', "a note saying what the token is for (not a person's name)", 'cli')
    .option(
      '--expires-in <duration>',
      'lifetime: a count and a unit m, h, d or w (e.g. 30d); default: no expiry',
    )
    .action(async (opts: { role: Role; label: string; expiresIn?: string }) => {
      let expiresAt: number | null = null;
      if (opts.expiresIn !== undefined) {
        const ms = parseExpiresIn(opts.expiresIn);
        if (ms === undefined) {
          throw new CliError(
            `--expires-in must be a count and a unit m, h, d or w (e.g. 30d), at most 5 years, not "${opts.expiresIn}".`,
            ExitCode.usage,
            'bad_option',
          );
        }
        expiresAt = Date.now() + ms;
      }
      const pii = detectPii(opts.label);
      if (pii)
        throw new CliError(
          `The label ${pii}; describe the use, not the person.`,
          ExitCode.usage,
          'bad_option',
        );
      const ctx = await openContext(deps.config());
      try {
        const { token: secret, record } = await ctx.store.tokens.create(opts.role, opts.label, { expiresAt });
        await ctx.store.audit.record({
          action: 'token.create',
          detail: {
            id: record.id,
            role: record.role,
            label: record.label,
            expiresAt: isoOf(expiresAt),
            via: 'cli',
          },
        });
        deps.output().result(secret, {
          token: secret,
          role: record.role,
          label: opts.label,
          id: record.id,
          expiresAt: isoOf(expiresAt),
        });
      } finally {
        await ctx.store.close();
      }
    });
  token
    .command('list')
    .description('list every token (id, role, label, created, expiry, status); never the secrets')
    .action(async () => {
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
  token
    .command('revoke')
    .description('revoke a token by id (see token list): it stops working within 2 s on running servers')
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
        const revoked = await ctx.store.tokens.revoke(id);
        const record = await ctx.store.tokens.get(id);
        if (!record)
          throw new CliError(
            `No token ${id} (see continuum token list).`,
            ExitCode.invalidInput,
            'token_not_found',
          );
        if (revoked) {
          await ctx.store.audit.record({
            action: 'token.revoke',
            detail: { id, role: record.role, label: record.label, via: 'cli' },
          });
        }
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
