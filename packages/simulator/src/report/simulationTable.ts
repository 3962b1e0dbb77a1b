import type { Band } from '../run/Aggregator.ts';
import type { SimulationResult } from '../run/runSimulation.ts';
import type { ScenarioComparison } from '../scenario/compareScenario.ts';
import { type ReportTable, reportTable } from './reportTable.ts';

/** Which table of a result a CSV export holds. */
export type SimulationTableName = 'stages' | 'series' | 'differences';

const isComparison = (r: SimulationResult | ScenarioComparison): r is ScenarioComparison => 'difference' in r;

/**
 * A simulation result (or a scenario beside its baseline) as a table for CSV, one at a time:
 * `stages` (every per-stage statistic with its 90% CI and 5th-95th percentiles), `series` (stock,
 * queue and entries per stage and date with the 90% band) or `differences` (scenario minus
 * baseline, paired by replication). Stage labels and money units are in the rows.
 */
export function simulationTable(
  result: SimulationResult | ScenarioComparison,
  table: SimulationTableName,
): ReportTable {
  const runs: [string, SimulationResult][] = isComparison(result)
    ? [
        ['baseline', result.baseline],
        ['scenario', result.scenario],
      ]
    : [['run', result]];
  // Results saved before stage labels were recorded carry none: the id stands in.
  const labels: Record<string, string> = runs[runs.length - 1]![1].stageLabels ?? {};
  if (table === 'series') {
    const rows: (string | number)[][] = [];
    for (const [run, r] of runs)
      for (const st of r.stages)
        for (const [series, band] of [
          ['stock', st.stock],
          ['waiting', st.queue],
          ['entries', st.entries],
        ] as [string, Band][])
          r.times.forEach((date, b) => {
            rows.push([
              run,
              st.stage,
              labels[st.stage] ?? st.stage,
              series,
              date,
              band.mean[b]!,
              band.lo[b]!,
              band.hi[b]!,
            ]);
          });
    return reportTable(
      ['run', 'stage', 'label', 'series', 'date', 'mean', 'band_low_90', 'band_high_90'],
      rows,
    );
  }
  const header = ['run', 'stage', 'label', 'statistic', 'unit', 'mean', 'ci90_low', 'ci90_high', 'p5', 'p95'];
  if (table === 'differences') {
    if (!isComparison(result)) return reportTable(header, []);
    const rows = result.difference.stages.flatMap((d) =>
      Object.entries(d.stats).map(([name, s]) => [
        'scenario - baseline',
        d.stage,
        labels[d.stage] ?? d.stage,
        name,
        unitOf(name),
        s.mean,
        s.ciLow,
        s.ciHigh,
        s.p5,
        s.p95,
      ]),
    );
    const t = result.difference.totalCost;
    rows.push([
      'scenario - baseline',
      '',
      'All stages',
      'cost',
      unitOf('cost'),
      t.mean,
      t.ciLow,
      t.ciHigh,
      t.p5,
      t.p95,
    ]);
    return reportTable(header, rows);
  }
  const rows = runs.flatMap(([run, r]) => [
    ...r.stages.flatMap((st) =>
      Object.entries(st.stats).map(([name, s]) => [
        run,
        st.stage,
        labels[st.stage] ?? st.stage,
        name,
        unitOf(name),
        s.mean,
        s.ciLow,
        s.ciHigh,
        s.p5,
        s.p95,
      ]),
    ),
    [
      run,
      '',
      'All stages',
      'cost',
      unitOf('cost'),
      r.totalCost.mean,
      r.totalCost.ciLow,
      r.totalCost.ciHigh,
      r.totalCost.p5,
      r.totalCost.p95,
    ],
  ]);
  return reportTable(header, rows);
}

/** What a statistic counts in, for a reader of the CSV. */
function unitOf(name: string): string {
  if (name === 'cost') return 'GBP over the horizon';
  if (name === 'meanWait' || name === 'meanWaitAll' || name === 'meanStay') return 'days';
  if (name === 'breachRate' || name === 'gaveUpRate' || name === 'atCapacity') return 'share';
  if (name === 'meanStock' || name === 'meanQueue') return 'cases (time average)';
  return 'cases';
}
