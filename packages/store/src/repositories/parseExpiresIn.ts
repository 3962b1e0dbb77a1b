const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Longest token lifetime accepted (5 years of 365.25 days): a longer one is a typo, not a plan. */
const MAX_MS = 5 * 365.25 * 86_400_000;

/**
 * Milliseconds of a token lifetime written as a count and a unit (`90m`, `12h`, `30d`, `8w`), the
 * one form the CLI's `--expires-in` and the API's `expiresIn` share; undefined when it is not one.
 */
export function parseExpiresIn(text: string): number | undefined {
  const m = /^([1-9]\d{0,6})\s*([mhdw])$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms <= MAX_MS ? ms : undefined;
}
