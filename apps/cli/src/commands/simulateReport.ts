import type { ScenarioComparison, Stat } from '@continuum/simulator';

const ci = (s: Stat, digits = 1) =>
  `${s.mean.toFixed(digits)} (${s.ciLow.toFixed(digits)} to ${s.ciHigh.toFixed(digits)})`;
const gbp = (x: number) => `${x < 0 ? '-' : ''}£${Math.abs(Math.round(x)).toLocaleString('en-GB')}`;

/**
 * The human report of a comparison: per stage (by label) the mean caseload and entries of baseline
 * and scenario with the paired difference and its 90% interval, time in stage and time waiting,
 * capacity-bound stages, and the cost difference in pounds per week.
 */
export function simulateReport(result: ScenarioComparison, name: string, replications: number): string {
  const { baseline, scenario, difference } = result;
  const label = (id: string) => scenario.stageLabels[id] ?? id;
  const start =
    baseline.startingCases > 0
      ? `from today's caseload (${baseline.startingCases} open cases) on ${baseline.startDate}`
      : `from empty after a ${baseline.warmupDays}-day warm-up, reported from ${baseline.startDate}`;
  const lines = [
    `Scenario ${name}: ${replications} replications, ${baseline.horizonDays} days ${start}`,
    'Differences are scenario minus baseline, paired by replication (same random numbers), with 90% intervals.',
    '',
    `${'stage'.padEnd(26)} ${'caseload base'.padStart(13)} ${'scenario'.padStart(9)} ${'difference (90% CI)'.padStart(24)} ${'entries diff (90% CI)'.padStart(26)}`,
  ];
  for (const d of difference.stages) {
    const b = baseline.stages.find((s) => s.stage === d.stage)?.stats.meanStock.mean ?? 0;
    const s = scenario.stages.find((x) => x.stage === d.stage)?.stats.meanStock.mean ?? 0;
    lines.push(
      `${label(d.stage).padEnd(26)} ${b.toFixed(1).padStart(13)} ${s.toFixed(1).padStart(9)} ${ci(d.stats.meanStock).padStart(24)} ${ci(d.stats.entries).padStart(26)}`,
    );
  }
  lines.push(
    '',
    `${'stage'.padEnd(26)} ${'days in stage base -> scenario'.padStart(31)} ${'days waiting base -> scenario'.padStart(31)}`,
  );
  for (const st of scenario.stages) {
    const b = baseline.stages.find((x) => x.stage === st.stage);
    if (!b) continue;
    const arrow = (x: number, y: number) => `${x.toFixed(1)} -> ${y.toFixed(1)}`;
    lines.push(
      `${label(st.stage).padEnd(26)} ${arrow(b.stats.meanStay.mean, st.stats.meanStay.mean).padStart(31)} ${arrow(b.stats.meanWaitAll.mean, st.stats.meanWaitAll.mean).padStart(31)}`,
    );
  }
  const bound = (ids: string[]) => (ids.length > 0 ? ids.map(label).join(', ') : 'none');
  const weeks = baseline.money.weeks;
  const cost = difference.totalCost;
  lines.push(
    '',
    `capacity-bound (full at least half the time): baseline ${bound(baseline.capacityBound)}; scenario ${bound(scenario.capacityBound)}`,
    `cost difference: ${gbp(cost.mean / weeks)} per week (${gbp(cost.ciLow / weeks)} to ${gbp(cost.ciHigh / weeks)}), GBP, from each stage's cost per day`,
  );
  return lines.join('\n');
}
