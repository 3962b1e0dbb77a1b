import type { PathwayDefinition } from '@continuum/machines';
import type { KpiReport } from '../kpis/kpis.ts';
import type { ProcessMap } from '../map/processMap.ts';
import { type SuppressionStatus, suppress } from './suppress.ts';

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
  'Counts linked by a published relation (open at start + entries - exits = open at end; exits = moves out of the stage by destination; exits = within + outside the timescale; open = overdue + not overdue; period total = sum of its weeks/months; KPI denominator = numerator + complement; DfE CIN = CIN plans + CP + looked after; a KPI count = the open counts of its stages) never have exactly one suppressed member: another is suppressed (status secondary), smallest non-zero first.',
  'Rates, percentages and duration statistics are hidden (status derived) when a count they are computed from is hidden. Maximum durations and case lists are never published.',
];

type Builder = {
  cells: Map<string, number>;
  relations: string[][];
  figures: { figure: Omit<PublishedFigure, 'status'>; cell?: string; dependsOn?: string[] }[];
};

/**
 * Builds the public release from a map and a KPI report over the same query: every count becomes
 * a cell, every arithmetic link between counts a relation, then suppression runs over all of them.
 */
export function buildPublication(
  map: ProcessMap,
  kpis: KpiReport,
  definition: PathwayDefinition,
): Publication {
  const b: Builder = { cells: new Map(), relations: [], figures: [] };
  const count = (cell: string, value: number, figure: Omit<PublishedFigure, 'status' | 'value'>) => {
    const existing = b.cells.get(cell);
    if (existing !== undefined && existing !== value) throw new Error(`cell ${cell} has two values`);
    b.cells.set(cell, value);
    b.figures.push({ figure: { ...figure, value }, cell });
    return cell;
  };
  const derived = (
    value: number | null,
    dependsOn: string[],
    figure: Omit<PublishedFigure, 'status' | 'value'>,
  ) => b.figures.push({ figure: { ...figure, value }, dependsOn });
  const asOfIsEnd = map.period.asOf === map.period.to;
  const openCellOf = new Map<string, string>();

  for (const s of map.stages) {
    const f = (measure: string) => ({ section: 'stage' as const, subject: s.stage, related: '', measure });
    const id = (m: string) => `stage.${s.stage}.${m}`;
    const start = count(id('open_at_start'), s.openAtStart, f('open_at_start'));
    const entries = count(id('entries'), s.entries, f('entries'));
    const exits = count(id('exits'), s.exits, f('exits'));
    const end = count(id('open_at_end'), s.openAtEnd, f('open_at_end'));
    b.relations.push([end, start, entries, exits]);
    const open = asOfIsEnd ? end : count(id('open_as_of'), s.openAsOf, f('open_as_of'));
    openCellOf.set(s.stage, open);
    for (const [m, v] of [
      ['mean_days', s.timeInStage.mean],
      ['median_days', s.timeInStage.median],
      ['p90_days', s.timeInStage.p90],
    ] as const) {
      derived(v, [exits], f(m));
    }
    derived(s.openAge.median, [open], f('open_median_age_days'));
    derived(s.openAge.p90, [open], f('open_p90_age_days'));
    if (s.timescale) {
      const within = count(id('within_timescale'), s.timescale.withinTimescale, f('within_timescale'));
      const outside = count(
        id('outside_timescale'),
        s.timescale.completed - s.timescale.withinTimescale,
        f('outside_timescale'),
      );
      b.relations.push([exits, within, outside]);
      derived(s.timescale.percentWithin, [within, exits], f('percent_within_timescale'));
      const overdue = count(id('open_overdue'), s.timescale.openOverdue, f('open_overdue'));
      const onTime = count(
        id('open_not_overdue'),
        s.openAsOf - s.timescale.openOverdue,
        f('open_not_overdue'),
      );
      b.relations.push([open, overdue, onTime]);
    }
    const entryParts: string[] = [];
    const exitParts: string[] = [];
    for (const t of s.throughput) {
      const tf = (measure: string) => ({
        section: 'throughput' as const,
        subject: s.stage,
        related: t.start,
        measure,
      });
      entryParts.push(count(`tp.${s.stage}.${t.start}.entries`, t.entries, tf('entries')));
      exitParts.push(count(`tp.${s.stage}.${t.start}.exits`, t.exits, tf('exits')));
    }
    b.relations.push([entries, ...entryParts], [exits, ...exitParts]);
  }

  const movesBySource = new Map<string, string[]>();
  for (const t of map.transitions) {
    const to = t.to ?? '(none)';
    const f = (measure: string) => ({
      section: 'transition' as const,
      subject: t.from,
      related: to,
      measure,
    });
    const moves = count(`move.${t.from}.${to}`, t.moves, f('moves'));
    count(`move.${t.from}.${to}.cases`, t.cases, f('cases'));
    movesBySource.set(t.from, [...(movesBySource.get(t.from) ?? []), moves]);
    derived(t.shareOfSourceExits, [moves, `stage.${t.from}.exits`], f('share_of_source_exits'));
    derived(t.daysInSource.median, [moves], f('median_days_in_source'));
    derived(t.daysInSource.p90, [moves], f('p90_days_in_source'));
  }
  for (const [from, parts] of movesBySource) b.relations.push([`stage.${from}.exits`, ...parts]);

  addKpis(b, kpis, definition, openCellOf, count, derived);

  const status = suppress(b.cells, b.relations);
  const figures: PublishedFigure[] = b.figures.map(({ figure, cell, dependsOn }) => {
    if (cell !== undefined) {
      const s = status.get(cell);
      return s ? { ...figure, value: null, status: s } : { ...figure, status: 'shown' };
    }
    const hidden = (dependsOn ?? []).some((c) => status.has(c));
    return hidden ? { ...figure, value: null, status: 'derived' } : { ...figure, status: 'shown' };
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

// KPI counts share cells where they are the same number (a rate's numerator is its count).
const KPI_CELLS: Record<string, { num: string; den?: string; comp?: string }> = {
  referrals_per_10000: { num: 'kpi.referrals' },
  re_referrals_12_months: { num: 'kpi.re_referrals', den: 'kpi.referrals', comp: 'kpi.first_referrals_12m' },
  cin_count: { num: 'kpi.cin_all' },
  cin_rate_per_10000: { num: 'kpi.cin_all' },
  cin_plan_count: { num: 'kpi.cin_plan' },
  cin_plan_rate_per_10000: { num: 'kpi.cin_plan' },
  cp_count: { num: 'kpi.cp' },
  cp_rate_per_10000: { num: 'kpi.cp' },
  cla_count: { num: 'kpi.cla' },
  cla_rate_per_10000: { num: 'kpi.cla' },
  repeat_cp_plan_within_2_years: {
    num: 'kpi.repeat_cp_2y',
    den: 'kpi.cp_starts',
    comp: 'kpi.not_repeat_cp_2y',
  },
  repeat_cp_plan_ever: { num: 'kpi.repeat_cp_ever', den: 'kpi.cp_starts', comp: 'kpi.first_cp_plans' },
  care_leavers_eet: { num: 'kpi.leavers_eet', den: 'kpi.leavers', comp: 'kpi.leavers_not_eet' },
  management_oversight_31_days: { num: 'kpi.overseen', den: 'kpi.oversight_cases', comp: 'kpi.not_overseen' },
};
const STAGE_TAG_OF_CELL: Record<string, string[]> = {
  'kpi.cin_plan': ['cin_plan'],
  'kpi.cp': ['cp_plan'],
  'kpi.cla': ['looked_after'],
  'kpi.leavers': ['care_leaver'],
};

function addKpis(
  b: Builder,
  report: KpiReport,
  definition: PathwayDefinition,
  openCellOf: Map<string, string>,
  count: (cell: string, value: number, figure: Omit<PublishedFigure, 'status' | 'value'>) => string,
  derived: (
    value: number | null,
    dependsOn: string[],
    figure: Omit<PublishedFigure, 'status' | 'value'>,
  ) => void,
): void {
  for (const k of report.kpis) {
    const cells = KPI_CELLS[k.id];
    if (!cells) continue;
    const f = (measure: string) => ({ section: 'kpi' as const, subject: k.id, related: '', measure });
    const num = count(cells.num, k.numerator, f('numerator'));
    const deps = [num];
    if (cells.den && k.denominator !== null) {
      const den = count(cells.den, k.denominator, f('denominator'));
      const comp = count(cells.comp!, k.denominator - k.numerator, f('denominator_minus_numerator'));
      b.relations.push([den, num, comp]);
      deps.push(den);
    } else if (k.unit === 'per_10000' && k.denominator !== null) {
      derived(k.denominator, [], f('population'));
    }
    derived(k.value, deps, f(k.unit === 'count' ? 'count' : k.unit));
  }
  if (b.cells.has('kpi.cin_all')) b.relations.push(['kpi.cin_all', 'kpi.cin_plan', 'kpi.cp', 'kpi.cla']);
  // A KPI count equals the open counts of the stages carrying its tag (when the as-of dates agree).
  for (const [cell, tags] of Object.entries(STAGE_TAG_OF_CELL)) {
    if (!b.cells.has(cell)) continue;
    const parts = definition.stages
      .filter((s) => s.kpiTags.some((t) => tags.includes(t)))
      .map((s) => openCellOf.get(s.id))
      .filter((c): c is string => c !== undefined);
    const sum = parts.reduce((a, c) => a + (b.cells.get(c) ?? 0), 0);
    if (parts.length > 0 && sum === b.cells.get(cell)) b.relations.push([cell, ...parts]);
  }
}
