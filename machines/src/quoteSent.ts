import { detectPii } from './pii/detectPii.ts';

// Longer text is not repeated at all: a name, an id or a key is short, and a refusal should stay readable.
const MAX_QUOTED = 64;

/**
 * Why a sender's own text (a stage or event name, an id, a key) may not be repeated in a refusal:
 * too long to be a name, or like personal data (a child's name typed into the wrong box); undefined
 * when it may. Refusals are logged and shown, so they must not carry what the store refuses.
 */
export function unrepeatable(value: string): string | undefined {
  if (value.length > MAX_QUOTED) return `of ${value.length} characters`;
  const why = detectPii(value);
  return why ? `that ${why}` : undefined;
}

/** The sender's text as a refusal quotes it: in quotes, or described when it may not be repeated. */
export function quoteSent(value: string): string {
  const why = unrepeatable(value);
  return why ? `(a value ${why}, not repeated)` : `"${value}"`;
}

/** A key of the sender's document as a path shows it: itself, or `(key withheld)` when it may not be repeated. */
export function shownKey<K extends string | number>(key: K): K | '(key withheld)' {
  return typeof key === 'string' && unrepeatable(key) ? '(key withheld)' : key;
}
