import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { WriteGate } from '../engines/WriteGate.ts';

/** The roles of the API, most powerful first. */
export const ROLES = ['admin', 'designer', 'manager', 'analyst', 'viewer'] as const;
/** One API role. */
export type Role = (typeof ROLES)[number];

/** A token as stored (never the secret itself). */
export interface ApiToken {
  id: number;
  role: Role;
  label: string;
  createdAt: number;
  revokedAt: number | null;
  /** Epoch ms after which the token stops working; null: it does not expire. */
  expiresAt: number | null;
}

/** SHA-256 hex of a token: tokens are 256-bit random, so a fast hash is enough (no dictionary to attack). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** API tokens, stored hashed. */
export class TokenRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: WriteGate = (w) => w(),
  ) {}

  /** Creates a token (optionally expiring at an epoch ms) and returns its secret once; only the hash is kept. */
  async create(
    role: Role,
    label: string,
    options: { expiresAt?: number | null } = {},
  ): Promise<{ token: string; record: ApiToken }> {
    const token = `ctm_${randomBytes(32).toString('base64url')}`;
    const row = await this.write(() =>
      this.db
        .insertInto('api_tokens')
        .values({
          token_hash: hashToken(token),
          role,
          label,
          created_at: Date.now(),
          revoked_at: null,
          expires_at: options.expiresAt ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return { token, record: toToken(row) };
  }

  /** The live token a secret belongs to, or undefined (unknown, revoked or expired). */
  async verify(token: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    const found = row && toToken(row);
    return found && tokenStatus(found) === 'active' ? found : undefined;
  }

  /** One token by id (without its secret), or undefined. */
  async get(id: number): Promise<ApiToken | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toToken(row);
  }

  /** Every token (without secrets). */
  async list(): Promise<ApiToken[]> {
    return (await this.db.selectFrom('api_tokens').selectAll().orderBy('id').execute()).map(toToken);
  }

  /** Revokes a token; it stops working at once. */
  async revoke(id: number): Promise<boolean> {
    const r = await this.write(() =>
      this.db
        .updateTable('api_tokens')
        .set({ revoked_at: Date.now() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  /** How many live admin tokens exist (neither revoked nor expired; the CLI creates the first one). */
  async countAdmins(): Promise<number> {
    const r = await this.db
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('role', '=', 'admin')
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', Date.now())]))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

function toToken(row: {
  id: number;
  role: string;
  label: string;
  created_at: number;
  revoked_at: number | null;
  expires_at: number | null;
}): ApiToken {
  return {
    id: Number(row.id),
    role: row.role as Role,
    label: row.label,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  };
}

/** Whether a token still works at a moment: what every listing of tokens shows. */
export type TokenStatus = 'active' | 'revoked' | 'expired';

/** Whether a token works at `now`: the one rule verification and every listing use. */
export function tokenStatus(t: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now = Date.now()): TokenStatus {
  if (t.revokedAt !== null) return 'revoked';
  return t.expiresAt !== null && t.expiresAt <= now ? 'expired' : 'active';
}
