import { detectPii } from '@continuum/machines';

// Longer text is not repeated at all: an id or a key is short, and a refusal should stay readable.
const MAX_ECHO = 64;

/**
 * The sender's own text (an id in the path, a body's key, a form field's name) as a refusal may
 * quote it: in quotes when short and not like personal data, otherwise described instead. A child's
 * name or UPN typed into the wrong box must not come back in a problem, which clients log and show.
 */
export function echo(value: string): string {
  if (value.length > MAX_ECHO) return `(a value of ${value.length} characters, not repeated)`;
  const why = detectPii(value);
  return why ? `(a value that ${why}, not repeated)` : `"${value}"`;
}

/** The field a problem names for a sender's key: the key itself unless it is not repeatable (see echo). */
export function echoedField(key: string, fallback: string): string {
  return key.length > MAX_ECHO || detectPii(key) ? fallback : key;
}
