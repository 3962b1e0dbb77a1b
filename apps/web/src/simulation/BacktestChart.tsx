import type { Band } from '@continuum/contracts';
import type uPlot from 'uplot';
import { useUplot } from '../ui/useUplot.ts';

/** Recorded monthly points (black dots) against the simulated mean and its shaded 90% band. */
export function BacktestChart({
  title,
  times,
  actual,
  simulated,
}: {
  title: string;
  times: string[];
  actual: number[];
  simulated: Band;
}) {
  const host = useUplot(() => {
    const colour = '#d55e00';
    return {
      options: {
        height: 220,
        series: [
          { label: 'Month end' },
          { label: 'simulated mean', stroke: colour, width: 2 },
          { label: 'band upper', stroke: colour, width: 0 },
          { label: 'band lower', stroke: colour, width: 0 },
          { label: 'recorded', stroke: '#000', width: 0, points: { show: true, size: 7, fill: '#000' } },
        ],
        bands: [{ series: [2, 3], fill: `${colour}33` }],
        scales: { x: { time: true } },
        axes: [
          { label: 'month end', size: 40 },
          { label: 'cases', size: 56 },
        ],
        legend: { show: false },
      },
      data: [
        times.map((t) => Date.parse(`${t}T00:00:00Z`) / 1000),
        simulated.mean,
        simulated.hi,
        simulated.lo,
        actual,
      ] as uPlot.AlignedData,
    };
  }, [times, actual, simulated]);
  return (
    <figure className="chart" data-testid={`backtest-chart-${title}`}>
      <h3>{title}</h3>
      <div ref={host} />
      <figcaption className="legend">
        <span>● recorded</span>
        <span>
          <span className="swatch" style={{ borderColor: '#d55e00' }} /> simulated from T (shaded: 90% band)
        </span>
      </figcaption>
    </figure>
  );
}
