import { formatCount } from '../ui/formatCount.ts';
import { lengthWords, periodDays } from './readableRate.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period of equal length just before this one (ending the day before it starts). */
export function previousPeriod(p: { from: string; to: string }): { from: string; to: string } {
  const days = periodDays(p);
  const from = Date.parse(`${p.from}T00:00:00Z`);
  return { from: iso(from - days * DAY), to: iso(from - DAY) };
}

/**
 * A count beside the previous period's: "entries 132 (+12 vs previous 4 weeks)", "(no change …)";
 * without both figures (hidden or missing) just the current one, or "–".
 */
export function comparisonWords(
  what: string,
  current: number | null | undefined,
  previous: number | null | undefined,
  period: { from: string; to: string },
): string {
  if (current === null || current === undefined) return `${what} –`;
  if (previous === null || previous === undefined) return `${what} ${formatCount(current)}`;
  const diff = current - previous;
  const change = diff === 0 ? 'no change' : `${diff > 0 ? '▲ +' : '▼ −'}${formatCount(Math.abs(diff))}`;
  return `${what} ${formatCount(current)} (${change} vs previous ${lengthWords(periodDays(period))}: ${formatCount(previous)})`;
}
