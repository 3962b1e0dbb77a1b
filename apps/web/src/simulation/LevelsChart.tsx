import type { Band } from '@continuum/contracts';
import type uPlot from 'uplot';
import { useUplot } from '../ui/useUplot.ts';

/** One level of need on the chart: its label and colour, the scenario's band and the baseline's. */
export interface Level {
  label: string;
  colour: string;
  scenario: Band;
  baseline?: Band | undefined;
}

/** Colours of child in need, child protection and looked after (distinct for colour-blind readers). */
export const levelColours = ['#0072b2', '#cc79a7', '#009e73'];

/**
 * Child in need, child protection and looked-after numbers on one chart over calendar dates: each
 * scenario mean solid with its shaded 90% band, the baseline's mean dashed in the same colour.
 */
export function LevelsChart({ times, levels }: { times: string[]; levels: Level[] }) {
  const host = useUplot(() => {
    const series: uPlot.Series[] = [{ label: 'Date' }];
    const data: number[][] = [times.map((t) => Date.parse(`${t.slice(0, 10)}T00:00:00Z`) / 1000)];
    const bands: uPlot.Band[] = [];
    for (const l of levels) {
      const at = series.length;
      series.push({ label: `${l.label} (scenario)`, stroke: l.colour, width: 2 });
      series.push({ label: `${l.label} upper`, stroke: l.colour, width: 0 });
      series.push({ label: `${l.label} lower`, stroke: l.colour, width: 0 });
      data.push(l.scenario.mean, l.scenario.hi, l.scenario.lo);
      bands.push({ series: [at + 1, at + 2], fill: `${l.colour}2b` });
      if (l.baseline) {
        series.push({ label: `${l.label} (baseline)`, stroke: l.colour, width: 1.5, dash: [6, 4] });
        data.push(l.baseline.mean);
      }
    }
    return {
      options: {
        height: 260,
        series,
        bands,
        scales: { x: { time: true } },
        axes: [
          { label: 'date', size: 40 },
          { label: 'children', size: 56 },
        ],
        legend: { show: false },
      },
      data: data as uPlot.AlignedData,
    };
  }, [times, levels]);
  return (
    <figure className="chart levels" data-testid="levels-chart">
      <div ref={host} />
      <figcaption className="legend">
        {levels.map((l) => (
          <span key={l.label}>
            <span className="swatch" style={{ borderColor: l.colour }} /> {l.label}
          </span>
        ))}
        <span>solid: scenario (shaded 90% band) · dashed: baseline</span>
      </figcaption>
    </figure>
  );
}
