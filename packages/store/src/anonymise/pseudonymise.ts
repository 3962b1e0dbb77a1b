import { createHmac } from 'node:crypto';

/** HMAC-SHA-256 hex of a source reference: the same child links across imports, but cannot be looked up without the key. */
export function pseudonymise(key: Buffer, sourceRef: string): string {
  return createHmac('sha256', key).update(sourceRef.trim()).digest('hex');
}
