import { writeCsv } from './writeCsv.ts';

/** Keys of an object hidden by the small-number policy (values are null there); written as "c". */
type Marked = { suppressed?: Record<string, string> };

/** A figure, or "c" (DfE's mark for a suppressed value) where the policy hid it. */
function shown(owner: Marked, key: string, value: unknown): unknown {
  return owner.suppressed?.[key] ? 'c' : value;
}

/** The parts of a KPI report the CSV carries (structurally the analytics package's KpiReport). */
export interface KpiReportLike {
  period: { from: string; to: string; asOf: string };
  population: number | null;
  kpis: readonly ({
    id: string;
    name: string;
    unit: string;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
    numeratorLabel: string;
    denominatorLabel: string | null;
    definition: string;
  } & Marked)[];
}

interface Duration {
  median: number | null;
  p90: number | null;
}

/** The parts of a process map the CSV carries (structurally the analytics package's ProcessMap). */
export interface ProcessMapLike {
  period: { from: string; to: string; asOf: string };
  stages: readonly ({
    stage: string;
    label: string;
    entries: number | null;
    exits: number | null;
    openAtStart: number | null;
    openAtEnd: number | null;
    openAsOf: number | null;
    timeInStage: Duration;
    timescale: { percentWithin: number | null; openOverdue: number | null } | null;
  } & Marked)[];
  transitions: readonly ({
    from: string;
    to: string | null;
    moves: number | null;
    cases: number | null;
    shareOfSourceExits: number | null;
    daysInSource: Duration;
  } & Marked)[];
}

/** Columns of the KPI CSV: one row per KPI with the counts behind it and its definition. */
export const KPI_COLUMNS = [
  'id',
  'name',
  'unit',
  'value',
  'numerator',
  'denominator',
  'numerator_label',
  'denominator_label',
  'period_from',
  'period_to',
  'as_of',
  'definition',
];

/** Streams the KPIs as CSV, so boards get the figures with the counts and rules behind them. */
export function kpisCsv(report: KpiReportLike): AsyncGenerator<string> {
  return writeCsv(
    KPI_COLUMNS,
    report.kpis.map((k) => ({
      id: k.id,
      name: k.name,
      unit: k.unit,
      value: shown(k, 'value', k.value),
      numerator: shown(k, 'numerator', k.numerator),
      denominator: shown(k, 'denominator', k.denominator),
      numerator_label: k.numeratorLabel,
      denominator_label: k.denominatorLabel,
      period_from: report.period.from,
      period_to: report.period.to,
      as_of: report.period.asOf,
      definition: k.definition,
    })),
  );
}

/** Columns of the map CSV: stage rows and transition rows in one table, told apart by `kind`. */
export const MAP_COLUMNS = [
  'kind',
  'stage',
  'to',
  'label',
  'entries',
  'exits',
  'open_at_start',
  'open_at_end',
  'open_as_of',
  'median_days',
  'p90_days',
  'percent_within_timescale',
  'open_overdue',
  'moves',
  'cases',
  'share_of_source_exits',
  'period_from',
  'period_to',
  'as_of',
];

/** Streams the process map as one CSV table (stages first, then transitions). */
export function mapCsv(map: ProcessMapLike): AsyncGenerator<string> {
  const period = { period_from: map.period.from, period_to: map.period.to, as_of: map.period.asOf };
  const rows: Record<string, unknown>[] = [
    ...map.stages.map((s) => ({
      kind: 'stage',
      stage: s.stage,
      label: s.label,
      entries: shown(s, 'entries', s.entries),
      exits: shown(s, 'exits', s.exits),
      open_at_start: shown(s, 'openAtStart', s.openAtStart),
      open_at_end: shown(s, 'openAtEnd', s.openAtEnd),
      open_as_of: shown(s, 'openAsOf', s.openAsOf),
      median_days: shown(s, 'timeInStage.median', s.timeInStage.median),
      p90_days: shown(s, 'timeInStage.p90', s.timeInStage.p90),
      percent_within_timescale: shown(s, 'timescale.percentWithin', s.timescale?.percentWithin ?? null),
      open_overdue: shown(s, 'timescale.openOverdue', s.timescale?.openOverdue ?? null),
      ...period,
    })),
    ...map.transitions.map((t) => ({
      kind: 'transition',
      stage: t.from,
      to: t.to,
      moves: shown(t, 'moves', t.moves),
      cases: shown(t, 'cases', t.cases),
      share_of_source_exits: shown(t, 'shareOfSourceExits', t.shareOfSourceExits),
      median_days: shown(t, 'daysInSource.median', t.daysInSource.median),
      p90_days: shown(t, 'daysInSource.p90', t.daysInSource.p90),
      ...period,
    })),
  ];
  return writeCsv(MAP_COLUMNS, rows);
}
