import { defaultPathway } from '@continuum/machines';
import type { Role, Store } from '@continuum/store';

/** Publishes the default pathway as version 1 when the store has no pathway yet (first start). */
export async function publishDefaultPathwayIfEmpty(store: Store): Promise<boolean> {
  if (await store.pathways.latest()) return false;
  await store.pathways.publish(defaultPathway, 'first start');
  return true;
}

/**
 * Creates the first admin token if no live admin token exists, returning its secret (shown once);
 * undefined when an admin already exists. The CLI's `token` command and `serve --create-admin-token` use it.
 */
export async function createFirstAdminToken(
  store: Store,
  label = 'first admin',
): Promise<string | undefined> {
  if ((await store.tokens.countAdmins()) > 0) return undefined;
  return (await store.tokens.create('admin', label)).token;
}

/** Creates a token of any role (admin tooling). */
export async function createToken(store: Store, role: Role, label: string): Promise<string> {
  return (await store.tokens.create(role, label)).token;
}
