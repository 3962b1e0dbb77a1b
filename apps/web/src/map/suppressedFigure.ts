import type { Marked } from '../api/analytics.ts';

/** True when the API hid this figure (its value is null because of the small-number policy). */
export function isSuppressed(owner: Marked | undefined, key: string): boolean {
  return owner?.suppressed?.[key] !== undefined;
}

/**
 * A figure as text, never passing a hidden one off as 0 or blank: "<5" for a small count (primary),
 * `hidden` ("suppressed"; "supp." where a stage card has no room for the word) for any other hidden
 * figure, "–" when there is no figure (nothing to measure).
 */
export function figureText(
  owner: Marked | undefined,
  key: string,
  value: number | null | undefined,
  format: (v: number) => string = (v) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 }),
  hidden: 'suppressed' | 'supp.' = 'suppressed',
): string {
  const mark = owner?.suppressed?.[key];
  if (mark === 'primary') return '<5';
  if (mark !== undefined) return hidden;
  return value === null || value === undefined ? '–' : format(value);
}

/** What the words "<5" and "suppressed" mean, for titles and tooltips. */
export const SUPPRESSION_HINT =
  'Small numbers are suppressed for your role: "<5" is a count from 1 to 4; "suppressed" ("supp." on a stage card) hides a figure that would reveal one, or a duration of fewer than 5 stays.';
