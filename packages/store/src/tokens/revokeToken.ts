import { StoreError } from '../errors.ts';
import type { Store } from '../store.ts';
import type { TokenActor } from './issueToken.ts';

/**
 * Revokes a token, the one way the API and the CLI both do it: `revoked` is false when it was
 * already revoked (nothing audited twice); an unknown id is a `token_not_found` refusal.
 */
export async function revokeToken(store: Store, id: number, by: TokenActor) {
  const revoked = await store.tokens.revoke(id);
  const record = await store.tokens.get(id);
  if (!record) throw new StoreError('token_not_found', 'No token has that id.', 'tokenId');
  if (revoked) {
    await store.audit.record({
      tokenId: by.tokenId ?? null,
      role: by.role ?? null,
      action: 'token.revoke',
      detail: { id, role: record.role, label: record.label, ...(by.via ? { via: by.via } : {}) },
    });
  }
  return { record, revoked };
}
