import { detectPii } from '../anonymise/detectPii.ts';
import { StoreError } from '../errors.ts';
import { parseExpiresIn } from '../repositories/parseExpiresIn.ts';
import type { Role } from '../repositories/TokenRepository.ts';
import { isoOf } from '../time.ts';
import type { Store } from '../store.ts';

/** Who issued or revoked a token, for the audit entry (an API caller, or the CLI). */
export interface TokenActor {
  tokenId?: number | null;
  role?: string | null;
  via?: 'cli';
}

/**
 * Issues an API token, the one way the API and the CLI both do it: the label is checked for PII
 * (it names a use, never a person), `expiresIn` (90m, 12h, 30d, 8w) is parsed, and the issue is
 * audited. The secret is returned once; only its hash is stored.
 */
export async function issueToken(
  store: Store,
  request: { role: Role; label: string; expiresIn?: string },
  by: TokenActor,
) {
  const pii = detectPii(request.label);
  if (pii)
    throw new StoreError('pii_rejected', `The label ${pii}; describe the use, not the person.`, 'label');
  let expiresAt: number | null = null;
  if (request.expiresIn !== undefined) {
    const ms = parseExpiresIn(request.expiresIn);
    if (ms === undefined)
      throw new StoreError(
        'invalid_value',
        'expiresIn is a count and a unit m, h, d or w (e.g. 30d), at most 5 years.',
        'expiresIn',
      );
    expiresAt = Date.now() + ms;
  }
  const issued = await store.tokens.create(request.role, request.label, { expiresAt });
  const { record } = issued;
  await store.audit.record({
    tokenId: by.tokenId ?? null,
    role: by.role ?? null,
    action: 'token.create',
    detail: {
      id: record.id,
      role: record.role,
      label: record.label,
      expiresAt: isoOf(expiresAt),
      ...(by.via ? { via: by.via } : {}),
    },
  });
  return issued;
}
