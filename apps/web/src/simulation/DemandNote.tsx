import type { CalibratedDemand } from '../api/simulation.ts';
import { formatCount } from '../ui/formatCount.ts';

const percent = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;

/**
 * What a calibrated baseline assumes about demand, in words an analyst can check: the yearly rate
 * and whether a trend was found, with its 90% interval, and whether the baseline uses it.
 */
export function DemandNote({ demand }: { demand: CalibratedDemand }) {
  const rate = `${formatCount(Math.round(demand.perYear))} arrivals a year`;
  const { trend } = demand;
  let trendText: string;
  if (!trend) trendText = 'no trend fitted (under two years of history)';
  else {
    const interval = `90% interval ${percent(trend.low)} to ${percent(trend.high)}`;
    trendText =
      demand.trendPerYear !== 0
        ? `growing ${percent(trend.estimate)} a year (${interval}), applied`
        : `trend ${percent(trend.estimate)} a year (${interval}) not applied: no clear change`;
  }
  return (
    <p className="hint" data-testid="demand-note">
      Demand: {rate} at the extract date; {trendText}.
    </p>
  );
}
