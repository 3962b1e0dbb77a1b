import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, makePrivate } from '../privateFiles.ts';

/** File name of the generated pseudonymisation key inside the data folder. */
export const HMAC_KEY_FILE = 'hmac.key';

/**
 * The deployment secret for pseudonymising case refs: the configured one if given, else the key in
 * `<dataDir>/hmac.key`, generated (32 random bytes, mode 0600) on first start.
 */
export function loadOrCreateHmacKey(dataDir: string, configured?: string): Buffer {
  if (configured && configured.length > 0) {
    if (configured.length < 16) throw new Error('The HMAC key must be at least 16 characters long.');
    return Buffer.from(configured, 'utf8');
  }
  ensurePrivateDir(dataDir);
  const file = join(dataDir, HMAC_KEY_FILE);
  if (existsSync(file)) {
    makePrivate(file);
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
