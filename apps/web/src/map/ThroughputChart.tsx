import type { StageFigures } from '@continuum/contracts';
import type uPlot from 'uplot';
import { useUplot } from '../ui/useUplot.ts';

/** Colours of the two series; exits are also dashed, so they differ without colour. */
const colours = { entries: '#1d5fb8', exits: '#d55e00' };

/**
 * A stage's weekly entries and exits over the period (uPlot, the width of its box); a week hidden
 * for the role is a gap in the line. A table of the same numbers follows for screen readers.
 */
export function ThroughputChart({
  label,
  throughput,
}: {
  label: string;
  throughput: StageFigures['throughput'];
}) {
  const host = useUplot(() => {
    if (throughput.length === 0) return undefined;
    const x = throughput.map((b) => Date.parse(`${b.start}T00:00:00Z`) / 1000);
    return {
      options: {
        height: 180,
        series: [
          {},
          { label: 'entries', stroke: colours.entries, width: 2 },
          { label: 'exits', stroke: colours.exits, width: 2, dash: [6, 4] },
        ],
        axes: [{ size: 44 }, { label: 'cases a week', size: 52 }],
        legend: { show: false },
      },
      data: [x, throughput.map((b) => b.entries), throughput.map((b) => b.exits)] as uPlot.AlignedData,
    };
  }, [throughput]);
  return (
    <figure className="chart" data-testid="throughput-chart">
      <h3>Weekly entries and exits: {label}</h3>
      <div ref={host} />
      <figcaption className="legend">
        <span>
          <span className="swatch" style={{ borderColor: colours.entries }} /> entries (solid)
        </span>
        <span>
          <span className="swatch dashed" style={{ borderColor: colours.exits }} /> exits (dashed)
        </span>
      </figcaption>
    </figure>
  );
}
