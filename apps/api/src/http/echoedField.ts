import { unrepeatable } from '@continuum/machines';

/** The field a problem names for a sender's key: the key itself unless it may not be repeated (see quoteSent). */
export function echoedField(key: string, fallback: string): string {
  return unrepeatable(key) ? fallback : key;
}
