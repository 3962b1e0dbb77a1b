import type { PathwayDefinition } from '@continuum/machines';
import type { KpiReport } from '../kpis/kpis.ts';
import type { ProcessMap } from '../map/processMap.ts';
import type { SuppressionStatus } from './suppress.ts';
import { collectFigures, marksOf } from './suppressionPolicy.ts';

/** One published figure in tidy (long) form: the shape DfE's open data uses. */
export interface PublishedFigure {
  section: 'stage' | 'throughput' | 'transition' | 'kpi';
  /** Stage id, source stage, or KPI id. */
  subject: string;
  /** Target stage (transitions) or bucket start date (throughput); empty otherwise. */
  related: string;
  measure: string;
  /** Null when suppressed. */
  value: number | null;
  /** shown, primary (a count of 1-4), secondary (hidden so a small count cannot be derived), or derived-hidden. */
  status: 'shown' | SuppressionStatus | 'derived';
}

/** A public release of the map and KPIs with small counts suppressed. */
export interface Publication {
  period: ProcessMap['period'];
  filters: ProcessMap['filters'];
  calendar: string;
  population: number | null;
  rules: string[];
  figures: PublishedFigure[];
}

/** The suppression rules, returned with every publication. */
export const PUBLICATION_RULES = [
  'Counts from 1 to 4 are suppressed (status primary); 0 is shown.',
  'Counts linked by a published relation (open at start + entries - exits = open at end; exits = moves out of the stage by destination; exits = within + outside the timescale; open = overdue + not overdue; period total = sum of its weeks/months; KPI denominator = numerator + complement; DfE CIN = CIN plans + CP + looked after; a KPI count = the open counts of its stages; entries = moves in, where no case opened in the stage; a KPI count of moves carrying a tag = those moves + moves outside the pathway into their stages + cases opening there) never have exactly one suppressed member: another is suppressed (status secondary), smallest non-zero first.',
  'Rates, percentages and duration statistics are hidden (status derived) when a count they are computed from is hidden. Maximum durations and case lists are never published.',
];

/**
 * Builds the public release from a map and a KPI report over the same query: the suppression
 * policy's cells and relations (suppressionPolicy.ts), keeping the figures meant for release.
 */
export function buildPublication(
  map: ProcessMap,
  kpis: KpiReport,
  definition: PathwayDefinition,
): Publication {
  const collected = collectFigures(map, kpis, definition);
  const marks = marksOf(collected);
  const figures: PublishedFigure[] = [];
  collected.figures.forEach((fig, i) => {
    if (!fig.publish) return;
    const { section, subject, related, measure, value } = fig;
    const mark = marks[i] ?? null;
    if (mark === null || mark === 'withheld')
      figures.push({ section, subject, related, measure, value, status: 'shown' });
    else figures.push({ section, subject, related, measure, value: null, status: mark });
  });
  return {
    period: map.period,
    filters: map.filters,
    calendar: map.calendar,
    population: kpis.population,
    rules: PUBLICATION_RULES,
    figures,
  };
}
