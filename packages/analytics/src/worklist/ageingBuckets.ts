/**
 * How overdue stays are grouped by working days past their deadline (a stay one day past a Friday
 * deadline on a Saturday is overdue by 0 working days: it falls in the first bucket).
 */
export const AGEING_BUCKETS: readonly { label: string; max: number }[] = [
  { label: '0-5', max: 5 },
  { label: '6-10', max: 10 },
  { label: '11-20', max: 20 },
  { label: 'over 20', max: Number.POSITIVE_INFINITY },
];

/** The ageing bucket (index into AGEING_BUCKETS) of a number of working days overdue. */
export function ageingBucketOf(workingDaysOverdue: number): number {
  return AGEING_BUCKETS.findIndex((b) => workingDaysOverdue <= b.max);
}
