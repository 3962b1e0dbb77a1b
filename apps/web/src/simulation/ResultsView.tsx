import type { ScenarioComparison } from '@continuum/contracts';
import { simulationCsv } from '../api/simulation.ts';
import { BandChart } from './BandChart.tsx';
import { CostForecast } from './CostForecast.tsx';
import { toCsv } from '../exports/csv.ts';
import { CsvButton } from './csvDownload.tsx';
import { DifferenceTable } from './DifferenceTable.tsx';
import { dateLabel, num, withCi } from './format.ts';
import { LevelsChart, levelColours } from './LevelsChart.tsx';
import { formatCount } from '../ui/formatCount.ts';

/**
 * A finished comparison as people read it: where it started, which stages are capacity-bound, the
 * child in need / child protection / looked-after numbers together, the per-stage table of
 * differences with 90% intervals, the looked-after cost forecast, and each stage's chart; every
 * table and series downloads as CSV.
 */
export function ResultsView({
  runId,
  comparison,
  levels,
  lookedAfter,
  terminal,
}: {
  /** The run's id, for the server's CSV of its tables (absent for a result reopened from a saved scenario without one). */
  runId: string | undefined;
  comparison: ScenarioComparison;
  /** Stage ids of child in need, child protection, looked after (those the pathway has). */
  levels: string[];
  lookedAfter: string | undefined;
  terminal: ReadonlySet<string>;
}) {
  const { baseline, scenario, difference } = comparison;
  const label = (id: string) => scenario.stageLabels[id] ?? id;
  const stageOf = (r: typeof scenario, id: string) => r.stages.find((s) => s.stage === id);
  const start =
    baseline.startingCases > 0
      ? `from today's caseload (${formatCount(baseline.startingCases)} open cases) on ${dateLabel(baseline.startDate)}`
      : `from empty after a ${baseline.warmupDays}-day warm-up, reported from ${dateLabel(baseline.startDate)}`;
  const bound = [...new Set([...baseline.capacityBound, ...scenario.capacityBound])];
  const levelRows = levels.filter((id) => stageOf(scenario, id));
  const la = lookedAfter ? stageOf(scenario, lookedAfter) : undefined;
  return (
    <div className="results-view">
      <p data-testid="run-headline">
        {scenario.horizonDays} days {start}, to {dateLabel(scenario.times.at(-1) ?? scenario.startDate)};{' '}
        {scenario.replications} replications, baseline and scenario with the same random numbers.
      </p>
      {bound.length > 0 && (
        <p className="callout" data-testid="capacity-bound">
          Capacity-bound (full at least half the time):{' '}
          {bound
            .map(
              (id) =>
                `${label(id)} (baseline ${baseline.capacityBound.includes(id) ? 'bound' : 'not bound'}, scenario ${scenario.capacityBound.includes(id) ? 'bound' : 'not bound'})`,
            )
            .join('; ')}
          . More places there change who waits, who gives up and where they go next.
        </p>
      )}
      {levelRows.length > 0 && (
        <section aria-label="Levels of need">
          <h3>
            {levelRows.map(label).join(', ')}: children in each, over time{' '}
            <CsvButton
              what="the levels-of-need series"
              filename="levels-of-need.csv"
              make={() =>
                toCsv(
                  [
                    'stage',
                    'label',
                    'date',
                    'baseline_mean',
                    'scenario_mean',
                    'scenario_band_low_90',
                    'scenario_band_high_90',
                  ],
                  levelRows.flatMap((id) => {
                    const s = stageOf(scenario, id)!;
                    const b = stageOf(baseline, id);
                    return scenario.times.map((t, k) => [
                      id,
                      label(id),
                      t,
                      b?.stock.mean[k],
                      s.stock.mean[k],
                      s.stock.lo[k],
                      s.stock.hi[k],
                    ]);
                  }),
                )
              }
            />
          </h3>
          <LevelsChart
            times={scenario.times}
            levels={levelRows.map((id, i) => ({
              label: label(id),
              colour: levelColours[i % levelColours.length]!,
              scenario: stageOf(scenario, id)!.stock,
              baseline: stageOf(baseline, id)?.stock,
            }))}
          />
          <ul className="plain-list" data-testid="level-differences">
            {levelRows.map((id) => {
              const d = difference.stages.find((x) => x.stage === id)!;
              return (
                <li key={id}>
                  {label(id)}: mean {num(stageOf(baseline, id)?.stats.meanStock.mean)} →{' '}
                  {num(stageOf(scenario, id)!.stats.meanStock.mean)} children, difference{' '}
                  <strong>{withCi(d.stats.meanStock)}</strong>; entries {withCi(d.stats.entries, 0)} (90%
                  intervals)
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <DifferenceTable comparison={comparison} terminal={terminal} />
      {runId && (
        <p className="field-row">
          Full tables from the server:{' '}
          {(['stages', 'series', 'differences'] as const).map((t) => (
            <CsvButton
              key={t}
              what={`every ${t === 'stages' ? 'statistic per stage' : t === 'series' ? 'series' : 'difference'}`}
              filename={`simulation-${runId}-${t}.csv`}
              make={() => simulationCsv(runId, t)}
              text={t === 'stages' ? 'Statistics CSV' : t === 'series' ? 'Series CSV' : 'Differences CSV'}
            />
          ))}
        </p>
      )}
      {la && (
        <CostForecast
          times={scenario.times}
          scenario={la.stock}
          baseline={lookedAfter ? stageOf(baseline, lookedAfter)?.stock : undefined}
          pointWeeks={scenario.resolution === 'daily' ? 1 / 7 : 1}
        />
      )}
      <div className="charts">
        {scenario.stages
          .filter((s) => !terminal.has(s.stage))
          .map((s) => (
            <div key={s.stage}>
              <BandChart
                title={label(s.stage)}
                days={[]}
                times={scenario.times}
                baseline={stageOf(baseline, s.stage)?.stock}
                scenario={s.stock}
              />
              <CsvButton
                what={`the ${label(s.stage)} series`}
                filename={`series-${s.stage}.csv`}
                make={() =>
                  toCsv(
                    [
                      'date',
                      'baseline_mean',
                      'baseline_band_low_90',
                      'baseline_band_high_90',
                      'scenario_mean',
                      'scenario_band_low_90',
                      'scenario_band_high_90',
                      'scenario_waiting_mean',
                      'scenario_entries_mean',
                    ],
                    scenario.times.map((t, k) => {
                      const b = stageOf(baseline, s.stage);
                      return [
                        t,
                        b?.stock.mean[k],
                        b?.stock.lo[k],
                        b?.stock.hi[k],
                        s.stock.mean[k],
                        s.stock.lo[k],
                        s.stock.hi[k],
                        s.queue.mean[k],
                        s.entries.mean[k],
                      ];
                    }),
                  )
                }
              />
            </div>
          ))}
      </div>
    </div>
  );
}
