import { issueToken, ROLES, revokeToken, tokenView } from '@continuum/store';
import { z } from 'zod';
import type { AppDeps } from '../AppDeps.ts';
import { param } from '../http/param.ts';
import { HttpProblem } from '../http/problem.ts';
import { readJson } from '../http/readJson.ts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { ADMIN_ROLES } from '../http/roles.ts';
import { actor } from '../http/actor.ts';
import { quoteSent } from '@continuum/machines';

const CreateTokenBody = z.strictObject({
  role: z.enum(ROLES),
  label: z.string().trim().min(1).max(100),
  expiresIn: z.string().max(20).optional(),
});

/** Parses a token id path parameter (404 for anything that is not one). */
function tokenIdOf(raw: string): number {
  if (!/^[1-9]\d{0,14}$/.test(raw))
    throw new HttpProblem(404, 'token_not_found', `No token ${quoteSent(raw)}.`, 'tokenId');
  return Number(raw);
}

/** `GET/POST /api/tokens`, `DELETE /api/tokens/:tokenId`: admins list, issue and revoke API tokens (audited). */
export function tokenRoutes(r: RouteRegistry, deps: AppDeps): void {
  const { store } = deps;

  r.add(
    {
      method: 'get',
      path: '/api/tokens',
      roles: ADMIN_ROLES,
      summary: 'Every API token (never its secret) with its role, label, expiry and status',
      tag: 'access',
    },
    async (c) => {
      const now = Date.now();
      return c.json({ tokens: (await store.tokens.list()).map((t) => tokenView(t, now)) });
    },
  );

  r.add(
    {
      method: 'post',
      path: '/api/tokens',
      roles: ADMIN_ROLES,
      summary: 'Issue a token; the secret is in this answer only (expiresIn: 90m, 12h, 30d or 8w)',
      tag: 'access',
      body: {
        types: ['application/json'],
        example: { role: 'analyst', label: 'analytics team', expiresIn: '30d' },
      },
      success: { status: 201, description: 'the secret (shown once) and the token record' },
      errors: ['invalid_value', 'unknown_field', 'pii_rejected'],
    },
    async (c) => {
      const body = await readJson(c, CreateTokenBody);
      const { token, record } = await issueToken(store, body, actor(c));
      return c.json({ token, record: tokenView(record) }, 201);
    },
  );

  r.add(
    {
      method: 'delete',
      path: '/api/tokens/:tokenId',
      roles: ADMIN_ROLES,
      summary: 'Revoke a token: it stops working at once on this instance, within 2 s on others',
      tag: 'access',
      errors: ['token_not_found'],
    },
    async (c) => {
      const id = tokenIdOf(param(c, 'tokenId'));
      const { record, revoked } = await revokeToken(store, id, actor(c));
      r.auth.tokens.forget(id);
      return c.json({ record: tokenView(record), revoked });
    },
  );
}
