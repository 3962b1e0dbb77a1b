import { createHmac } from 'node:crypto';
import type { SettingsRepository } from '../repositories/SettingsRepository.ts';

/** Setting under which the database records the fingerprint of the key it was written with. */
export const HMAC_FINGERPRINT_SETTING = 'hmac_key_fingerprint';

/**
 * A fingerprint of the pseudonymisation key: HMAC-SHA-256 of a fixed label under the key, so it
 * identifies the key without revealing it (nor anything derived from it for other uses).
 */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('continuum:hmac-key-fingerprint:v1').digest('hex');
}

/** Refusal to run with a key other than the one the database was written with. */
export class HmacKeyMismatchError extends Error {
  constructor(
    readonly recorded: string,
    readonly actual: string,
  ) {
    super(
      `This database was written with another HMAC key (fingerprint ${recorded.slice(0, 12)}; this instance's key is ${actual.slice(0, 12)}). ` +
        'The same child would become two cases. Give this instance the deployment key (CONTINUUM_HMAC_KEY, ' +
        "or the data folder's hmac.key from the first instance).",
    );
    this.name = 'HmacKeyMismatchError';
  }
}

/**
 * Records the key's fingerprint on first start; afterwards throws HmacKeyMismatchError when the key
 * differs from the recorded one. Returns true when this call recorded it.
 */
export async function checkHmacKey(settings: SettingsRepository, key: Buffer): Promise<boolean> {
  const actual = keyFingerprint(key);
  const { value, claimed } = await settings.claim(HMAC_FINGERPRINT_SETTING, actual);
  if (value !== actual) throw new HmacKeyMismatchError(value, actual);
  return claimed;
}
