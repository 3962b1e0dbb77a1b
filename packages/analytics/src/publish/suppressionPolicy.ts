import { effectiveMoves, type PathwayDefinition } from '@continuum/machines';
import type { KpiReport } from '../kpis/kpis.ts';
import type { DurationStats } from '../map/durationStats.ts';
import type { ProcessMap } from '../map/processMap.ts';
import { type SuppressionStatus, suppress } from './suppress.ts';

/**
 * The one small-number policy for every aggregate shown to someone without case-level access
 * (the viewer role) and for the public release. Thresholds:
 * - a count from 1 to SMALL_COUNT_MAX (4) is hidden (primary); 0 and 5+ are shown;
 * - a count linked to hidden ones by a published relation is hidden too (secondary), so no hidden
 *   count can be recomputed from shown ones;
 * - a rate, percentage or duration statistic computed from a hidden count is hidden (derived),
 *   which hides every duration of a group of fewer than MIN_GROUP_FOR_DURATIONS (5) stays;
 * - a maximum duration describes one child and is never shown (withheld).
 */
export const SUPPRESSION_POLICY = {
  smallCountMin: 1,
  smallCountMax: 4,
  minGroupForDurations: 5,
  rules: [
    'Counts from 1 to 4 are suppressed (primary); 0 and counts of 5 or more are shown.',
    'Counts linked by a relation (open at start + entries - exits = open at end; exits = moves out of the stage by destination; moves = moves by event; exits = within + outside the timescale; open = overdue + not overdue; period total = sum of its weeks/months; KPI denominator = numerator + complement; DfE CIN = CIN plans + CP + looked after; a KPI count = the open counts of its stages; entries = moves in, where no case opened in the stage; a KPI count of moves carrying a tag = those moves + moves outside the pathway into their stages + cases opening there) never have exactly one suppressed member: another is suppressed (secondary), smallest non-zero first.',
    'Rates, percentages and durations (mean, median, p90) are suppressed (derived) when a count they are computed from is suppressed, so no duration of a group of fewer than 5 stays is shown.',
    'Maximum durations describe one child and are never shown to roles without case-level access (withheld).',
  ],
} as const;

/** Why a value is hidden from a role without case-level access. */
export type SuppressionMark = SuppressionStatus | 'derived' | 'withheld';

/** A figure with its place in the tidy publication and, where it has one, in the map or KPI objects. */
export interface CollectedFigure {
  section: 'stage' | 'throughput' | 'transition' | 'kpi';
  subject: string;
  related: string;
  measure: string;
  value: number | null;
  /** The count cell this figure is (counts), or the cells it is computed from (derived figures). */
  cell?: string;
  dependsOn?: string[];
  /** Never shown to aggregate-only roles, whatever the counts (maximum durations). */
  withheld?: boolean;
  /** Part of the public release (some figures exist only in the map and KPI objects). */
  publish: boolean;
  /** The object holding the value (a stage, transition, throughput bucket or KPI) and its dotted key. */
  at?: { item: object; key: string };
}

/** Every count, relation and derived figure of a map and a KPI report over the same query. */
export interface CollectedFigures {
  cells: Map<string, number>;
  relations: string[][];
  figures: CollectedFigure[];
}

type FigureName = Pick<CollectedFigure, 'section' | 'subject' | 'related' | 'measure'>;
type Options = { publish?: boolean; at?: { item: object; key: string } };

/**
 * Turns a map and a KPI report into cells (counts), relations (arithmetic links between counts) and
 * figures, the input both the public release and the role views suppress over.
 */
export function collectFigures(
  map: ProcessMap,
  kpis: KpiReport,
  definition: PathwayDefinition,
): CollectedFigures {
  const out: CollectedFigures = { cells: new Map(), relations: [], figures: [] };
  const count = (cell: string, value: number, name: FigureName, o: Options = {}) => {
    const existing = out.cells.get(cell);
    if (existing !== undefined && existing !== value) throw new Error(`cell ${cell} has two values`);
    out.cells.set(cell, value);
    out.figures.push({ ...name, value, cell, publish: o.publish ?? true, at: o.at });
    return cell;
  };
  const derived = (value: number | null, dependsOn: string[], name: FigureName, o: Options = {}) =>
    out.figures.push({ ...name, value, dependsOn, publish: o.publish ?? true, at: o.at });
  const stats = (
    item: object,
    key: string,
    st: DurationStats,
    cell: string,
    name: (measure: string) => FigureName,
    published: readonly ('mean' | 'median' | 'p90')[],
    measureOf: (statistic: string) => string,
  ) => {
    const at = (k: string) => ({ item, key: `${key}.${k}` });
    out.figures.push({ ...name(measureOf('count')), value: st.count, cell, publish: false, at: at('count') });
    for (const m of ['mean', 'median', 'p90'] as const) {
      derived(st[m], [cell], name(measureOf(m)), { publish: published.includes(m), at: at(m) });
    }
    out.figures.push({
      ...name(measureOf('max')),
      value: st.max,
      dependsOn: [cell],
      withheld: true,
      publish: false,
      at: at('max'),
    });
  };
  const asOfIsEnd = map.period.asOf === map.period.to;
  const openCellOf = new Map<string, string>();

  for (const s of map.stages) {
    const f = (measure: string): FigureName => ({ section: 'stage', subject: s.stage, related: '', measure });
    const id = (m: string) => `stage.${s.stage}.${m}`;
    const at = (key: string) => ({ at: { item: s, key } });
    const start = count(id('open_at_start'), s.openAtStart, f('open_at_start'), at('openAtStart'));
    const entries = count(id('entries'), s.entries, f('entries'), at('entries'));
    const exits = count(id('exits'), s.exits, f('exits'), at('exits'));
    const end = count(id('open_at_end'), s.openAtEnd, f('open_at_end'), at('openAtEnd'));
    out.relations.push([end, start, entries, exits]);
    const open = asOfIsEnd ? end : count(id('open_as_of'), s.openAsOf, f('open_as_of'), at('openAsOf'));
    if (asOfIsEnd) {
      out.figures.push({
        ...f('open_as_of'),
        value: s.openAsOf,
        cell: open,
        publish: false,
        ...at('openAsOf'),
      });
    }
    openCellOf.set(s.stage, open);
    stats(s, 'timeInStage', s.timeInStage, exits, f, ['mean', 'median', 'p90'], (m) => `${m}_days`);
    stats(s, 'openAge', s.openAge, open, f, ['median', 'p90'], (m) => `open_${m}_age_days`);
    if (s.timescale) {
      const completed = s.timescale.completed === s.exits ? exits : id('completed');
      count(completed, s.timescale.completed, f('completed'), {
        publish: false,
        ...at('timescale.completed'),
      });
      const within = count(
        id('within_timescale'),
        s.timescale.withinTimescale,
        f('within_timescale'),
        at('timescale.withinTimescale'),
      );
      const outside = count(
        id('outside_timescale'),
        s.timescale.completed - s.timescale.withinTimescale,
        f('outside_timescale'),
      );
      out.relations.push([completed, within, outside]);
      derived(
        s.timescale.percentWithin,
        [within, completed],
        f('percent_within_timescale'),
        at('timescale.percentWithin'),
      );
      const overdue = count(
        id('open_overdue'),
        s.timescale.openOverdue,
        f('open_overdue'),
        at('timescale.openOverdue'),
      );
      const onTime = count(
        id('open_not_overdue'),
        s.openAsOf - s.timescale.openOverdue,
        f('open_not_overdue'),
      );
      out.relations.push([open, overdue, onTime]);
    }
    const entryParts: string[] = [];
    const exitParts: string[] = [];
    for (const t of s.throughput) {
      const tf = (measure: string): FigureName => ({
        section: 'throughput',
        subject: s.stage,
        related: t.start,
        measure,
      });
      entryParts.push(
        count(`tp.${s.stage}.${t.start}.entries`, t.entries, tf('entries'), {
          at: { item: t, key: 'entries' },
        }),
      );
      exitParts.push(
        count(`tp.${s.stage}.${t.start}.exits`, t.exits, tf('exits'), { at: { item: t, key: 'exits' } }),
      );
    }
    out.relations.push([entries, ...entryParts], [exits, ...exitParts]);
  }

  const movesBySource = new Map<string, string[]>();
  for (const t of map.transitions) {
    const to = t.to ?? '(none)';
    const f = (measure: string): FigureName => ({
      section: 'transition',
      subject: t.from,
      related: to,
      measure,
    });
    const at = (key: string) => ({ at: { item: t, key } });
    const moves = count(`move.${t.from}.${to}`, t.moves, f('moves'), at('moves'));
    count(`move.${t.from}.${to}.cases`, t.cases, f('cases'), at('cases'));
    movesBySource.set(t.from, [...(movesBySource.get(t.from) ?? []), moves]);
    derived(
      t.shareOfSourceExits,
      [moves, `stage.${t.from}.exits`],
      f('share_of_source_exits'),
      at('shareOfSourceExits'),
    );
    stats(t, 'daysInSource', t.daysInSource, moves, f, ['median', 'p90'], (m) => `${m}_days_in_source`);
    const eventParts = Object.entries(t.events).map(([event, n]) =>
      count(`move.${t.from}.${to}.event.${event}`, n, f(`moves_by_${event}`), {
        publish: false,
        at: { item: t, key: `events.${event}` },
      }),
    );
    if (eventParts.length > 0) out.relations.push([moves, ...eventParts]);
  }
  for (const [from, parts] of movesBySource) out.relations.push([`stage.${from}.exits`, ...parts]);
  addConformance(out, map, count);
  const movesInto = new Map<string, string[]>();
  for (const t of map.transitions)
    if (t.to !== null) movesInto.set(t.to, [...(movesInto.get(t.to) ?? []), `move.${t.from}.${t.to}`]);
  // Entries = moves in + cases opening there; where none opened, the moves in add up to the entries.
  for (const [to, parts] of movesInto) addIfSums(out, [`stage.${to}.entries`, ...parts]);

  addKpis(out, kpis, definition, openCellOf, count, derived);
  addMoveTaggedKpis(out, map, definition, movesInto);
  return out;
}

/** Adds a relation `total = parts (+ others - minus)` when the counts bear it out (it then holds as published). */
function addIfSums(out: CollectedFigures, [total, ...parts]: string[], minus: string[] = []): void {
  const v = (c: string) => out.cells.get(c);
  if ([total!, ...parts, ...minus].some((c) => v(c) === undefined)) return;
  const sum = parts.reduce((a, c) => a + v(c)!, 0) - minus.reduce((a, c) => a + v(c)!, 0);
  if (sum === v(total!)) out.relations.push([total!, ...parts, ...minus]);
}

// KPI counts of stays entered by a move carrying a tag (an opening in, or a move outside the
// pathway into, a stage such a move enters counts too; see PathwayView.entryTagged).
const MOVE_TAG_OF_CELL: Record<string, string> = {
  'kpi.referrals': 'referral',
  'kpi.cp_starts': 'cp_plan_start',
};

/**
 * Links each move-tagged KPI count to the map's moves: it is the tagged moves by event, plus the
 * moves outside the pathway into their stages, plus the cases opening there (their entries less
 * their moves in), so subtracting the shown moves from a KPI cannot give away a hidden one.
 */
function addMoveTaggedKpis(
  out: CollectedFigures,
  map: ProcessMap,
  definition: PathwayDefinition,
  movesInto: Map<string, string[]>,
): void {
  const moves = effectiveMoves(definition);
  for (const [cell, tag] of Object.entries(MOVE_TAG_OF_CELL)) {
    if (!out.cells.has(cell)) continue;
    const tagged = new Set<string>();
    const targets = new Set<string>();
    for (const [from, list] of moves)
      for (const m of list)
        if (m.kpiTags.includes(tag)) {
          tagged.add(`${from}\u0000${m.event}`);
          targets.add(m.to);
        }
    const parts: string[] = [];
    for (const t of map.transitions) {
      if (t.to === null) continue;
      for (const event of Object.keys(t.events))
        if (event === '(none)' ? targets.has(t.to) : tagged.has(`${t.from}\u0000${event}`))
          parts.push(`move.${t.from}.${t.to}.event.${event}`);
    }
    addIfSums(out, [cell, ...parts]);
    const entries = [...targets].map((t) => `stage.${t}.entries`);
    const into = [...targets].flatMap((t) => movesInto.get(t) ?? []);
    addIfSums(out, [cell, ...parts, ...entries], into);
  }
}

/**
 * Moves outside the pathway (role views only, not the public release): each move's count is the
 * cell of its "(none)" event count in `transitions` (the same number), each stage's counts out of
 * and into it sum those cells, and the total sums the stages' counts out.
 */
function addConformance(
  out: CollectedFigures,
  map: ProcessMap,
  count: (cell: string, value: number, name: FigureName, o?: Options) => string,
): void {
  const c = map.conformance;
  const outOf = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  for (const m of c.moves) {
    const name: FigureName = {
      section: 'transition',
      subject: m.from,
      related: m.to,
      measure: 'moves_outside_pathway',
    };
    const cell = count(`move.${m.from}.${m.to}.event.(none)`, m.moves, name, {
      publish: false,
      at: { item: m, key: 'moves' },
    });
    outOf.set(m.from, [...(outOf.get(m.from) ?? []), cell]);
    into.set(m.to, [...(into.get(m.to) ?? []), cell]);
  }
  const stageOut: string[] = [];
  for (const s of c.stages) {
    const name = (measure: string): FigureName => ({
      section: 'stage',
      subject: s.stage,
      related: '',
      measure,
    });
    const o = count(`conformance.${s.stage}.out`, s.movesOut, name('moves_out_outside_pathway'), {
      publish: false,
      at: { item: s, key: 'movesOut' },
    });
    const i = count(`conformance.${s.stage}.in`, s.movesIn, name('moves_in_outside_pathway'), {
      publish: false,
      at: { item: s, key: 'movesIn' },
    });
    const outParts = outOf.get(s.stage) ?? [];
    const inParts = into.get(s.stage) ?? [];
    if (outParts.length > 0) out.relations.push([o, ...outParts]);
    if (inParts.length > 0) out.relations.push([i, ...inParts]);
    stageOut.push(o);
  }
  const total = count(
    'conformance.total',
    c.total,
    { section: 'transition', subject: '(all)', related: '', measure: 'moves_outside_pathway' },
    { publish: false, at: { item: c, key: 'total' } },
  );
  if (stageOut.length > 0) out.relations.push([total, ...stageOut]);
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
  // computeKpis's default oversight stages.
  'kpi.oversight_cases': ['cin_plan', 'cp_plan', 'looked_after', 'care_leaver'],
};

function addKpis(
  out: CollectedFigures,
  report: KpiReport,
  definition: PathwayDefinition,
  openCellOf: Map<string, string>,
  count: (cell: string, value: number, name: FigureName, o?: Options) => string,
  derived: (value: number | null, dependsOn: string[], name: FigureName, o?: Options) => void,
): void {
  for (const k of report.kpis) {
    // A KPI the release does not know still gets its own cells in role views (never shown unsuppressed).
    const known = KPI_CELLS[k.id];
    const cells = known ?? {
      num: `kpi.${k.id}.numerator`,
      den: `kpi.${k.id}.denominator`,
      comp: `kpi.${k.id}.complement`,
    };
    const publish = known !== undefined;
    const f = (measure: string): FigureName => ({ section: 'kpi', subject: k.id, related: '', measure });
    const num = count(cells.num, k.numerator, f('numerator'), { publish, at: { item: k, key: 'numerator' } });
    const deps = [num];
    if (cells.den && k.denominator !== null) {
      const den = count(cells.den, k.denominator, f('denominator'), {
        publish,
        at: { item: k, key: 'denominator' },
      });
      const comp = count(cells.comp!, k.denominator - k.numerator, f('denominator_minus_numerator'), {
        publish,
      });
      out.relations.push([den, num, comp]);
      deps.push(den);
    } else if (k.denominator !== null) {
      // A rate over the configured child population: the population is not a count of cases.
      derived(k.denominator, [], f('population'), { publish, at: { item: k, key: 'denominator' } });
    }
    derived(k.value, deps, f(k.unit === 'count' ? 'count' : k.unit), {
      publish,
      at: { item: k, key: 'value' },
    });
  }
  if (['kpi.cin_all', 'kpi.cin_plan', 'kpi.cp', 'kpi.cla'].every((c) => out.cells.has(c))) {
    out.relations.push(['kpi.cin_all', 'kpi.cin_plan', 'kpi.cp', 'kpi.cla']);
  }
  // A KPI count equals the open counts of the stages carrying its tag (when the as-of dates agree).
  for (const [cell, tags] of Object.entries(STAGE_TAG_OF_CELL)) {
    if (!out.cells.has(cell)) continue;
    const parts = definition.stages
      .filter((s) => s.kpiTags.some((t) => tags.includes(t)))
      .map((s) => openCellOf.get(s.id))
      .filter((c): c is string => c !== undefined);
    const sum = parts.reduce((a, c) => a + (out.cells.get(c) ?? 0), 0);
    if (parts.length > 0 && sum === out.cells.get(cell)) out.relations.push([cell, ...parts]);
  }
}

/** Runs the suppression rules over collected figures: the mark of every hidden figure (by position). */
export function marksOf(collected: CollectedFigures): (SuppressionMark | null)[] {
  const status = suppress(collected.cells, collected.relations);
  return collected.figures.map((fig) => {
    if (fig.cell !== undefined) return status.get(fig.cell) ?? null;
    if ((fig.dependsOn ?? []).some((c) => status.has(c))) return 'derived';
    return null;
  });
}

/** A number that a role without case-level access may see hidden (null), with the reason by key. */
export type Suppressible<T> = T extends number
  ? number | null
  : T extends readonly (infer U)[]
    ? Suppressible<U>[]
    : T extends object
      ? { [K in keyof T]: Suppressible<T[K]> } & { suppressed?: Record<string, SuppressionMark> }
      : T;

/** What every suppressed answer carries, so a reader knows numbers were hidden and by which rules. */
export interface SuppressionNotice {
  applied: true;
  smallCounts: string;
  rules: readonly string[];
}

/** The map and KPIs as a role without case-level access may see them. */
export interface SuppressedAggregates {
  map: Suppressible<ProcessMap> & { suppression: SuppressionNotice };
  kpis: Suppressible<KpiReport> & { suppression: SuppressionNotice };
}

/**
 * Applies the policy to a map and a KPI report over the same query, together (so a KPI cannot give
 * away a count the map hides): each hidden value becomes null and its owner (stage, move, bucket,
 * KPI, or a move's `events`) gains `suppressed: { key: mark }`. The inputs are not changed.
 */
export function suppressAggregates(
  map: ProcessMap,
  kpis: KpiReport,
  definition: PathwayDefinition,
): SuppressedAggregates {
  const m = structuredClone(map);
  const k = structuredClone(kpis);
  const collected = collectFigures(m, k, definition);
  const marks = marksOf(collected);
  const hide: [object, string, SuppressionMark][] = [];
  collected.figures.forEach((fig, i) => {
    const mark = fig.withheld ? 'withheld' : marks[i];
    if (mark && fig.at) hide.push([fig.at.item, fig.at.key, mark]);
  });
  for (const [item, key, mark] of hide) {
    setPath(item, key, null);
    const owner = item as { suppressed?: Record<string, SuppressionMark> };
    owner.suppressed ??= {};
    owner.suppressed[key] = mark;
  }
  const suppression: SuppressionNotice = {
    applied: true,
    smallCounts: `${SUPPRESSION_POLICY.smallCountMin}-${SUPPRESSION_POLICY.smallCountMax}`,
    rules: SUPPRESSION_POLICY.rules,
  };
  return {
    map: { ...(m as unknown as Suppressible<ProcessMap>), suppression },
    kpis: { ...(k as unknown as Suppressible<KpiReport>), suppression },
  };
}

function setPath(item: object, key: string, value: null): void {
  const parts = key.split('.');
  let target = item as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) target = target[p] as Record<string, unknown>;
  target[parts.at(-1)!] = value;
}
