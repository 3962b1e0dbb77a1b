import { isoOf } from '../time.ts';
import { type ApiToken, type Role, type TokenStatus, tokenStatus } from './TokenRepository.ts';

/** A token as the API and the CLI show it: never the secret or its hash, dates as ISO, its status. */
export interface TokenView {
  id: number;
  role: Role;
  label: string;
  createdAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: TokenStatus;
}

/** The one public view of a stored token, so the API and the CLI cannot disagree on a token's status. */
export function tokenView(t: ApiToken, now = Date.now()): TokenView {
  const status = tokenStatus(t, now);
  return {
    id: t.id,
    role: t.role,
    label: t.label,
    createdAt: isoOf(t.createdAt),
    expiresAt: isoOf(t.expiresAt),
    revokedAt: isoOf(t.revokedAt),
    status,
  };
}
