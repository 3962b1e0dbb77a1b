import type { Band } from '@continuum/contracts';
import { useState } from 'react';
import { toCsv } from '../exports/csv.ts';
import { CsvButton } from './csvDownload.tsx';
import { dateLabel, gbp, num } from './format.ts';
import { DEFAULT_PLACEMENT_COSTS, type PlacementCost, placementForecast } from './placementCosts.ts';

/**
 * A cost forecast for looked-after children by placement type: the simulated looked-after numbers
 * times each type's share and weekly unit cost, which the analyst edits (illustrative GBP defaults).
 * Shows the weekly cost at the start and at the end of the horizon (90% band) and the total.
 */
export function CostForecast({
  times,
  scenario,
  baseline,
  pointWeeks = 1,
}: {
  times: string[];
  scenario: Band;
  baseline?: Band | undefined;
  /** Weeks between two points of the series (1 at weekly resolution, 1/7 daily). */
  pointWeeks?: number;
}) {
  const [costs, setCosts] = useState<PlacementCost[]>(DEFAULT_PLACEMENT_COSTS);
  const set = (i: number, key: 'share' | 'weekly', value: number) =>
    setCosts((cs) => cs.map((c, j) => (j === i ? { ...c, [key]: value } : c)));
  const alt = placementForecast(scenario, costs);
  const base = baseline ? placementForecast(baseline, costs) : null;
  const last = times.length - 1;
  // The total over the horizon: each point's weekly cost times the weeks it stands for.
  const total = (s: number[]) => s.reduce((a, b) => a + b, 0) * pointWeeks;
  const shareSum = costs.reduce((a, c) => a + c.share, 0);
  return (
    <section aria-label="Looked-after cost forecast" className="cost-forecast">
      <h3>
        Looked-after children: cost forecast by placement type, £ per week{' '}
        <CsvButton
          what="the looked-after cost forecast"
          filename="looked-after-cost-forecast.csv"
          make={() =>
            toCsv(
              [
                'placement_type',
                'share',
                'gbp_per_child_week',
                'run',
                'week_ending',
                'gbp_week_mean',
                'gbp_week_low_90',
                'gbp_week_high_90',
              ],
              [...(base ? ([['baseline', base]] as const) : []), ['scenario', alt] as const].flatMap(
                ([run, series]) =>
                  series.flatMap((s, i) =>
                    times.map((t, k) => [
                      s.type,
                      costs[i]!.share,
                      costs[i]!.weekly,
                      run,
                      t,
                      Math.round(s.mean[k]!),
                      Math.round(s.lo[k]!),
                      Math.round(s.hi[k]!),
                    ]),
                  ),
              ),
            )
          }
        />
      </h3>
      <p className="hint">
        Unit costs and shares are illustrative defaults in pounds sterling (GBP) per child per week; edit them
        to your authority's. Costs follow the simulated looked-after numbers (90% band).
      </p>
      <table data-testid="cost-forecast">
        <thead>
          <tr>
            <th>Placement type</th>
            <th className="num">Share %</th>
            <th className="num">£ per child per week</th>
            {base && <th className="num">Baseline £/week at {dateLabel(times[last]!)}</th>}
            <th className="num">Scenario £/week at {dateLabel(times[last]!)} (90% band)</th>
            <th className="num">Scenario total £ over the horizon</th>
          </tr>
        </thead>
        <tbody>
          {costs.map((c, i) => (
            <tr key={c.type}>
              <td>{c.type}</td>
              <td className="num">
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  style={{ width: 64 }}
                  aria-label={`Share of ${c.type} (%)`}
                  value={Math.round(c.share * 1000) / 10}
                  onChange={(e) => set(i, 'share', Math.max(0, Number(e.target.value) || 0) / 100)}
                />
              </td>
              <td className="num">
                <input
                  type="number"
                  min={0}
                  step={10}
                  style={{ width: 84 }}
                  aria-label={`Weekly unit cost of ${c.type} (£)`}
                  value={c.weekly}
                  onChange={(e) => set(i, 'weekly', Math.max(0, Number(e.target.value) || 0))}
                />
              </td>
              {base && <td className="num">{gbp(base[i]!.mean[last]!)}</td>}
              <td className="num">
                {gbp(alt[i]!.mean[last]!)} ({gbp(alt[i]!.lo[last]!)} to {gbp(alt[i]!.hi[last]!)})
              </td>
              <td className="num">{gbp(total(alt[i]!.mean))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>All placements</th>
            <td className="num">{num(shareSum * 100, 0)}%</td>
            <td />
            {base && <td className="num">{gbp(base.reduce((a, s) => a + s.mean[last]!, 0))}</td>}
            <td className="num">{gbp(alt.reduce((a, s) => a + s.mean[last]!, 0))}</td>
            <td className="num">{gbp(alt.reduce((a, s) => a + total(s.mean), 0))}</td>
          </tr>
        </tfoot>
      </table>
      {Math.abs(shareSum - 1) > 0.005 && (
        <p className="hint">The shares add up to {num(shareSum * 100, 0)}%; they are scaled to 100%.</p>
      )}
    </section>
  );
}
