import { z } from 'zod';

/** The roles the API knows (packages/store `ROLES`; a test checks they agree). */
export const RoleSchema = z.enum(['admin', 'designer', 'manager', 'analyst', 'viewer']);
/** A role; the UI hides what a role may not do, the server still decides. */
export type Role = z.infer<typeof RoleSchema>;

/** GET /api/me: who the calling token is, so the web app shows only what its role may do. */
export const MeResponseSchema = z.strictObject({
  role: RoleSchema,
  tokenId: z.number(),
  label: z.string(),
});
/** Who the calling token is. */
export type MeResponse = z.infer<typeof MeResponseSchema>;
