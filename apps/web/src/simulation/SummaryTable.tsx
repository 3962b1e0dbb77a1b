import type { StageSummary } from '../api/simulation.ts';

const n = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '–' : v.toLocaleString('en-GB', { maximumFractionDigits: digits });

const delta = (a: number | null | undefined, b: number | null | undefined, digits = 1) => {
  if (a === null || a === undefined || b === null || b === undefined) return '';
  const d = b - a;
  return Math.abs(d) < 10 ** -digits / 2 ? '' : ` (${d > 0 ? '+' : ''}${n(d, digits)})`;
};

/** Waits, queues, breaches and cost per stage: scenario figures with the change from the baseline. */
export function SummaryTable({
  baseline,
  scenario,
}: {
  baseline: StageSummary[] | null;
  scenario: StageSummary[];
}) {
  const base = new Map((baseline ?? []).map((s) => [s.stage, s]));
  const total = (list: StageSummary[], key: 'cost' | 'breaches') =>
    list.reduce((t, s) => t + (s[key] ?? 0), 0);
  return (
    <table data-testid="summary-table">
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>
        Scenario per stage (change from baseline in brackets)
      </caption>
      <thead>
        <tr>
          <th>Stage</th>
          <th className="num">Mean stock</th>
          <th className="num">Mean wait (days)</th>
          <th className="num">Mean queue</th>
          <th className="num">Breaches</th>
          <th className="num">Cost</th>
        </tr>
      </thead>
      <tbody>
        {scenario.map((s) => {
          const b = base.get(s.stage);
          return (
            <tr key={s.stage}>
              <td>{s.stage}</td>
              <td className="num">
                {n(s.meanStock)}
                {delta(b?.meanStock, s.meanStock)}
              </td>
              <td className="num">
                {n(s.meanWait)}
                {delta(b?.meanWait, s.meanWait)}
              </td>
              <td className="num">
                {n(s.meanQueue)}
                {delta(b?.meanQueue, s.meanQueue)}
              </td>
              <td className="num">
                {n(s.breaches, 0)}
                {delta(b?.breaches, s.breaches, 0)}
              </td>
              <td className="num">
                {n(s.cost, 0)}
                {delta(b?.cost, s.cost, 0)}
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th>Total</th>
          <td />
          <td />
          <td />
          <td className="num">
            {n(total(scenario, 'breaches'), 0)}
            {baseline && delta(total(baseline, 'breaches'), total(scenario, 'breaches'), 0)}
          </td>
          <td className="num">
            {n(total(scenario, 'cost'), 0)}
            {baseline && delta(total(baseline, 'cost'), total(scenario, 'cost'), 0)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
