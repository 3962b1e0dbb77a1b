import type { Band } from '@continuum/contracts';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';

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
  const host = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (!host.current || width < 50) return;
    const colour = '#d55e00';
    const plot = new uPlot(
      {
        width,
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
      [
        times.map((t) => Date.parse(`${t}T00:00:00Z`) / 1000),
        simulated.mean,
        simulated.hi,
        simulated.lo,
        actual,
      ] as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [times, actual, simulated, width]);
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
