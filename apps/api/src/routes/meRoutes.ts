import type { MeResponse } from '@continuum/contracts';
import type { RouteRegistry } from '../http/RouteRegistry.ts';
import { ALL_ROLES } from '../http/roles.ts';

/** `GET /api/me`: lets the web app learn the caller's role and show only what it may do. */
export function meRoutes(r: RouteRegistry): void {
  r.add(
    {
      method: 'get',
      path: '/api/me',
      roles: ALL_ROLES,
      summary: 'The role of the calling token',
      tag: 'access',
    },
    (c) => {
      const caller = c.get('caller');
      return c.json({ role: caller.role, tokenId: caller.tokenId, label: caller.label } satisfies MeResponse);
    },
  );
}
