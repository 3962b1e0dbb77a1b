import { defaultPathway } from '@continuum/machines';
import {
  checkHmacKey,
  HmacKeyMismatchError,
  type Store,
  loadOrCreateHmacKey,
  openStore,
} from '@continuum/store';
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
 * fresh install can take cases at once. Connection and migration failures exit with code 5; a
 * database written with another HMAC key exits with code 6.
 */
export async function openContext(config: CliConfig): Promise<CliContext> {
  const store = await openConfiguredStore(config);
  let hmacKey: Buffer;
  try {
    hmacKey = await checkedHmacKey(config, store);
  } catch (error) {
    await store.close();
    throw error;
  }
  let seededPathway = false;
  if (!(await store.pathways.latest())) {
    await store.pathways.publish(defaultPathway, 'continuum');
    seededPathway = true;
  }
  return { store, hmacKey, seededPathway };
}

/**
 * Opens (creating and migrating) the configured store, for commands that need no key (`worker`
 * without imports); a connection or migration failure exits with code 5.
 */
export async function openConfiguredStore(config: CliConfig): Promise<Store> {
  try {
    return await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  } catch (error) {
    const where = config.databaseUrl ? redact(config.databaseUrl) : `${config.dataDir}/continuum.sqlite`;
    throw new CliError(
      `Cannot open the database at ${where}: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.database,
      'database_unavailable',
    );
  }
}

/**
 * The configured pseudonymisation key (generated in the data folder when none is set), checked
 * against the database: its first use records the key's fingerprint, and any other key is refused
 * (exit code 6) before a command could write a case under it. The store stays the caller's to close.
 */
export async function checkedHmacKey(config: CliConfig, store: Store): Promise<Buffer> {
  const hmacKey = loadOrCreateHmacKey(config.dataDir, config.hmacSecret);
  try {
    await checkHmacKey(store.settings, hmacKey);
  } catch (error) {
    if (error instanceof HmacKeyMismatchError)
      throw new CliError(error.message, ExitCode.keyMismatch, 'hmac_key_mismatch');
    throw error;
  }
  return hmacKey;
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
