import { defaultPathway } from '@continuum/machines';
import type { Role, Store } from '@continuum/store';

/** Publishes the default pathway as version 1 when the store has no pathway yet (first start). */
export async function publishDefaultPathwayIfEmpty(store: Store): Promise<boolean> {
  if (await store.pathways.latest()) return false;
  await store.pathways.publish(defaultPathway, 'first start');
  return true;
}

/** Setting claimed when the first admin token is issued: later starts (any data folder) never mint another. */
export const FIRST_ADMIN_SETTING = 'first_admin_token_issued';

/**
 * Creates the first admin token of a database, returning its secret (shown once); undefined when
 * the database already has a live admin token or had its first one issued before (by any instance:
 * a second data folder on a shared database gets none). The claim is one row, so two instances
 * starting at once cannot both mint one. `serve` uses it; `continuum token create` makes others.
 */
export async function createFirstAdminToken(
  store: Store,
  label = 'first admin',
): Promise<string | undefined> {
  const hasAdmin = (await store.tokens.countAdmins()) > 0;
  // An admin that exists (e.g. made before this claim was kept) counts as the first one issued.
  const { claimed } = await store.settings.claim(FIRST_ADMIN_SETTING, new Date().toISOString());
  if (hasAdmin || !claimed) return undefined;
  return (await store.tokens.create('admin', label)).token;
}

/** Creates a token of any role (admin tooling). */
export async function createToken(store: Store, role: Role, label: string): Promise<string> {
  return (await store.tokens.create(role, label)).token;
}
