import { SUPPRESSION_POLICY, type SuppressionMark } from '../publish/suppressionPolicy.ts';
import { suppress } from '../publish/suppress.ts';
import type { Worklist } from './worklist.ts';

/** A worklist stage's counts as an aggregate-only role sees them: hidden ones null, marked by key. */
export interface SuppressedWorklistStage {
  stage: string;
  label: string;
  dueSoon: number | null;
  overdue: number | null;
  buckets: (number | null)[];
  suppressed?: Record<string, SuppressionMark>;
}

/** The worklist without case rows: per-stage counts under the small-number policy, and the total. */
export interface SuppressedWorklist {
  asOf: string;
  calendar: string;
  dueWithinDays: number;
  ageingBuckets: readonly string[];
  byStage: SuppressedWorklistStage[];
  total: number | null;
  suppressed?: Record<string, SuppressionMark>;
  suppression: { applied: true; smallCounts: string; rules: string[] };
}

/**
 * Drops the case rows and hides small counts: counts 1-4 (primary) and, per stage (overdue = its
 * buckets; listed = due soon + overdue) and across stages (total = the stages' listed counts), one
 * more so no hidden count can be recomputed from the others (secondary).
 */
export function suppressWorklist(list: Worklist): SuppressedWorklist {
  const cells = new Map<string, number>();
  const relations: string[][] = [];
  const listed: string[] = [];
  for (const s of list.byStage) {
    const id = (k: string) => `${s.stage}.${k}`;
    cells.set(id('dueSoon'), s.dueSoon);
    cells.set(id('overdue'), s.overdue);
    cells.set(id('listed'), s.dueSoon + s.overdue);
    for (const [b, n] of s.buckets.entries()) cells.set(id(`buckets.${b}`), n);
    relations.push([id('overdue'), ...s.buckets.map((_, b) => id(`buckets.${b}`))]);
    relations.push([id('listed'), id('dueSoon'), id('overdue')]);
    listed.push(id('listed'));
  }
  cells.set('total', list.total);
  relations.push(['total', ...listed]);
  const status = suppress(cells, relations);
  const shown = (cell: string, value: number) => (status.has(cell) ? null : value);
  const byStage = list.byStage.map((s): SuppressedWorklistStage => {
    const marks: Record<string, SuppressionMark> = {};
    const pick = (key: string, value: number) => {
      const mark = status.get(`${s.stage}.${key}`);
      if (mark) marks[key] = mark;
      return mark ? null : value;
    };
    const out: SuppressedWorklistStage = {
      stage: s.stage,
      label: s.label,
      dueSoon: pick('dueSoon', s.dueSoon),
      overdue: pick('overdue', s.overdue),
      buckets: s.buckets.map((n, b) => pick(`buckets.${b}`, n)),
    };
    return Object.keys(marks).length > 0 ? { ...out, suppressed: marks } : out;
  });
  const totalMark = status.get('total');
  return {
    asOf: list.asOf,
    calendar: list.calendar,
    dueWithinDays: list.dueWithinDays,
    ageingBuckets: list.ageingBuckets,
    byStage,
    total: shown('total', list.total),
    ...(totalMark ? { suppressed: { total: totalMark } } : {}),
    suppression: {
      applied: true,
      smallCounts: `${SUPPRESSION_POLICY.smallCountMin}-${SUPPRESSION_POLICY.smallCountMax}`,
      rules: [...SUPPRESSION_POLICY.rules],
    },
  };
}
