import { defaultPathway } from '@continuum/machines';
import { type Store, loadOrCreateHmacKey, openStore } from '@continuum/store';
import type { CliConfig } from './config.ts';
import { CliError, ExitCode } from './exitCodes.ts';

/** An open store with its pseudonymisation key: what every data command works on. */
export interface CliContext {
  store: Store;
  hmacKey: Buffer;
  /** True when this call published the default pathway into an empty store. */
  seededPathway: boolean;
}

/**
 * Opens (creating and migrating) the configured store and makes sure a pathway is published, so a
 * fresh install can take cases at once. Connection and migration failures exit with code 5.
 */
export async function openContext(config: CliConfig): Promise<CliContext> {
  let store: Store;
  try {
    store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  } catch (error) {
    const where = config.databaseUrl ? redact(config.databaseUrl) : `${config.dataDir}/continuum.sqlite`;
    throw new CliError(
      `Cannot open the database at ${where}: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.database,
      'database_unavailable',
    );
  }
  let seededPathway = false;
  if (!(await store.pathways.latest())) {
    await store.pathways.publish(defaultPathway, 'continuum');
    seededPathway = true;
  }
  return { store, hmacKey: loadOrCreateHmacKey(config.dataDir, config.hmacSecret), seededPathway };
}

/** A database URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
