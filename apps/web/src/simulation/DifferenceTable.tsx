import type { ScenarioComparison } from '@continuum/contracts';
import { toCsv } from '../exports/csv.ts';
import { CsvButton } from './csvDownload.tsx';
import { clear, gbp, num, withCi } from './format.ts';

/**
 * Per stage, by label: the scenario beside its baseline (caseload, entries, time in stage, time
 * waiting) and the paired difference with its 90% interval (same random numbers for both, so the
 * interval is of the difference itself); capacity-bound stages are called out. Differences whose
 * interval excludes 0 are shown in bold.
 */
export function DifferenceTable({
  comparison,
  terminal,
}: {
  comparison: ScenarioComparison;
  /** Terminal stages (closed): left out, their "caseload" is only those who will come back. */
  terminal: ReadonlySet<string>;
}) {
  const { baseline, scenario, difference } = comparison;
  const label = (id: string) => scenario.stageLabels[id] ?? id;
  const weeks = scenario.money.weeks || 1;
  const bound = (id: string) => {
    const b = baseline.capacityBound.includes(id);
    const s = scenario.capacityBound.includes(id);
    return b && s ? 'capacity-bound' : b ? 'bound in baseline only' : s ? 'bound in scenario' : '';
  };
  const rows = difference.stages
    .filter((d) => !terminal.has(d.stage))
    .map((d) => {
      const b = baseline.stages.find((s) => s.stage === d.stage);
      const s = scenario.stages.find((x) => x.stage === d.stage)!;
      return { d, b, s };
    });
  const csv = () =>
    toCsv(
      [
        'stage',
        'label',
        'caseload_baseline',
        'caseload_scenario',
        'caseload_difference',
        'caseload_difference_ci90_low',
        'caseload_difference_ci90_high',
        'entries_difference',
        'entries_difference_ci90_low',
        'entries_difference_ci90_high',
        'days_in_stage_baseline',
        'days_in_stage_scenario',
        'days_waiting_baseline',
        'days_waiting_scenario',
        'days_waiting_difference_ci90_low',
        'days_waiting_difference_ci90_high',
        'gave_up_difference',
        'capacity',
      ],
      rows.map(({ d, b, s }) => [
        d.stage,
        label(d.stage),
        b?.stats.meanStock.mean,
        s.stats.meanStock.mean,
        d.stats.meanStock.mean,
        d.stats.meanStock.ciLow,
        d.stats.meanStock.ciHigh,
        d.stats.entries.mean,
        d.stats.entries.ciLow,
        d.stats.entries.ciHigh,
        b?.stats.meanStay.mean,
        s.stats.meanStay.mean,
        b?.stats.meanWaitAll.mean,
        s.stats.meanWaitAll.mean,
        d.stats.meanWaitAll.ciLow,
        d.stats.meanWaitAll.ciHigh,
        d.stats.gaveUp.mean,
        bound(d.stage),
      ]),
    );
  const cell = (stat: (typeof rows)[number]['d']['stats']['entries'], digits = 1) => (
    <td className="num">{clear(stat) ? <strong>{withCi(stat, digits)}</strong> : withCi(stat, digits)}</td>
  );
  const cost = difference.totalCost;
  return (
    <table data-testid="difference-table" className="difference-table">
      <caption>
        Scenario against baseline, per stage. Differences are scenario minus baseline with their 90% interval
        (paired: same random numbers); bold where the interval excludes 0.{' '}
        <CsvButton what="the stage table" filename="scenario-by-stage.csv" make={csv} />
      </caption>
      <thead>
        <tr>
          <th rowSpan={2}>Stage</th>
          <th colSpan={3}>Caseload (mean children)</th>
          <th>Entries over the horizon</th>
          <th colSpan={2}>Days in stage (waiting included)</th>
          <th colSpan={3}>Days waiting for a place</th>
          <th rowSpan={2}>Capacity</th>
        </tr>
        <tr>
          <th className="num">baseline</th>
          <th className="num">scenario</th>
          <th className="num">difference (90%)</th>
          <th className="num">difference (90%)</th>
          <th className="num">baseline</th>
          <th className="num">scenario</th>
          <th className="num">baseline</th>
          <th className="num">scenario</th>
          <th className="num">difference (90%)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ d, b, s }) => (
          <tr key={d.stage} className={bound(d.stage) ? 'bound' : undefined}>
            <th scope="row">{label(d.stage)}</th>
            <td className="num">{num(b?.stats.meanStock.mean)}</td>
            <td className="num">{num(s.stats.meanStock.mean)}</td>
            {cell(d.stats.meanStock)}
            {cell(d.stats.entries, 0)}
            <td className="num">{num(b?.stats.meanStay.mean)}</td>
            <td className="num">{num(s.stats.meanStay.mean)}</td>
            <td className="num">{num(b?.stats.meanWaitAll.mean)}</td>
            <td className="num">{num(s.stats.meanWaitAll.mean)}</td>
            {cell(d.stats.meanWaitAll)}
            <td>
              {bound(d.stage) && (
                <strong style={{ color: 'var(--bad)', display: 'block' }}>{bound(d.stage)}</strong>
              )}
              {capacityText(
                baseline.capacity.find((c) => c.stage === d.stage),
                scenario.capacity.find((c) => c.stage === d.stage),
              )}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Cost, all stages</th>
          <td className="num">{gbp(baseline.totalCost.mean / weeks)} a week</td>
          <td className="num">{gbp(scenario.totalCost.mean / weeks)} a week</td>
          <td className="num" colSpan={8}>
            {gbp(cost.mean / weeks)} per week (90%: {gbp(cost.ciLow / weeks)} to {gbp(cost.ciHigh / weeks)}),
            GBP, from each stage's cost per day
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

type Cap = { capacity: number | null; shareAtCapacity: number } | undefined;

/** "440 places (full 78% of the time) → 528 (full 1%)", or "unlimited". */
function capacityText(b: Cap, s: Cap): string {
  const one = (c: Cap) =>
    !c || c.capacity === null
      ? 'unlimited'
      : `${num(c.capacity, 0)} (full ${num(c.shareAtCapacity * 100, 0)}%)`;
  if ((!b || b.capacity === null) && (!s || s.capacity === null)) return 'unlimited';
  return b?.capacity === s?.capacity ? `${one(s)} places` : `${one(b)} → ${one(s)} places`;
}
