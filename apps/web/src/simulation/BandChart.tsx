import type uPlot from 'uplot';
import { useUplot } from '../ui/useUplot.ts';
import type { Band } from '@continuum/contracts';

/** Colours of the two curves: baseline blue, scenario orange (distinct for colour-blind readers too). */
export const curveColours = { baseline: '#1d5fb8', scenario: '#d55e00' };

const fillOf = (hex: string) => `${hex}33`;

/**
 * Stock in one stage over time: baseline and scenario means with their 90% bands (uPlot `bands`
 * fill between the upper and lower series). The chart takes the width of its box.
 */
export function BandChart({
  title,
  days,
  times,
  baseline,
  scenario,
  yLabel = 'cases in stage',
}: {
  title: string;
  days: number[];
  /** Calendar dates (ISO) of the points: the x axis shows dates when given. */
  times?: string[];
  baseline: Band | undefined;
  scenario: Band | undefined;
  yLabel?: string;
}) {
  const drawn = [baseline && 'baseline', scenario && 'scenario'].filter(Boolean) as (
    | 'baseline'
    | 'scenario'
  )[];
  const host = useUplot(() => {
    const series: uPlot.Series[] = [{ label: times ? 'Date' : 'Day' }];
    const data: (number | null)[][] = [
      times ? times.map((t) => Date.parse(`${t.slice(0, 10)}T00:00:00Z`) / 1000) : days,
    ];
    const bands: uPlot.Band[] = [];
    const add = (name: 'baseline' | 'scenario', band: Band | undefined) => {
      if (!band) return;
      const colour = curveColours[name];
      const base = series.length;
      series.push({ label: `${name} mean`, stroke: colour, width: 2 });
      series.push({ label: `${name} upper`, stroke: colour, width: 0.5, dash: [3, 3] });
      series.push({ label: `${name} lower`, stroke: colour, width: 0.5, dash: [3, 3] });
      data.push(band.mean, band.hi, band.lo);
      bands.push({ series: [base + 1, base + 2], fill: fillOf(colour) });
    };
    add('baseline', baseline);
    add('scenario', scenario);
    return {
      options: {
        height: 200,
        series,
        bands,
        scales: { x: { time: !!times } },
        axes: [
          { label: times ? 'date' : 'days from start', size: 40 },
          { label: yLabel, size: 56 },
        ],
        legend: { show: false },
      },
      data: data as uPlot.AlignedData,
    };
  }, [days, times, baseline, scenario, yLabel]);
  return (
    <figure className="chart" data-testid={`chart-${title}`} data-curves={drawn.join(',')}>
      <h3>{title}</h3>
      <div ref={host} />
      <figcaption className="legend">
        {drawn.map((name) => (
          <span key={name}>
            <span className="swatch" style={{ borderColor: curveColours[name] }} /> {name} mean
          </span>
        ))}
        <span>shaded: 90% band</span>
      </figcaption>
    </figure>
  );
}
