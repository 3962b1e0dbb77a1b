import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { Band } from '../api/simulation.ts';

/** Colours of the two curves: baseline blue, scenario orange (distinct for colour-blind readers too). */
export const curveColours = { baseline: '#1d5fb8', scenario: '#d55e00' };

const fillOf = (hex: string) => `${hex}33`;

/**
 * Stock in one stage over time: baseline and scenario means with their 90% bands (uPlot `bands`
 * fill between the 95th and 5th percentile series).
 */
export function BandChart({
  title,
  days,
  baseline,
  scenario,
  width = 460,
}: {
  title: string;
  days: number[];
  baseline: Band | undefined;
  scenario: Band | undefined;
  width?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const series: uPlot.Series[] = [{ label: 'Day' }];
    const data: (number | null)[][] = [days];
    const bands: uPlot.Band[] = [];
    const add = (name: 'baseline' | 'scenario', band: Band | undefined) => {
      if (!band) return;
      const colour = curveColours[name];
      const base = series.length;
      series.push({ label: `${name} mean`, stroke: colour, width: 2 });
      series.push({ label: `${name} 95th`, stroke: colour, width: 0.5, dash: [3, 3] });
      series.push({ label: `${name} 5th`, stroke: colour, width: 0.5, dash: [3, 3] });
      data.push(band.mean, band.hi, band.lo);
      bands.push({ series: [base + 1, base + 2], fill: fillOf(colour) });
    };
    add('baseline', baseline);
    add('scenario', scenario);
    const plot = new uPlot(
      {
        width,
        height: 220,
        series,
        bands,
        scales: { x: { time: false } },
        axes: [{ label: 'days from start' }, { label: 'cases' }],
        legend: { show: true },
      },
      data as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [days, baseline, scenario, width]);
  return (
    <figure className="chart" data-testid={`chart-${title}`}>
      <h3>{title}</h3>
      <div ref={host} />
    </figure>
  );
}
