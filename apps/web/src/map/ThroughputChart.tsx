import type { StageFigures } from '@continuum/contracts';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';

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
    if (!host.current || width < 50 || throughput.length === 0) return;
    const x = throughput.map((b) => Date.parse(`${b.start}T00:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width,
        height: 180,
        series: [
          {},
          { label: 'entries', stroke: colours.entries, width: 2 },
          { label: 'exits', stroke: colours.exits, width: 2, dash: [6, 4] },
        ],
        axes: [{ size: 44 }, { label: 'cases a week', size: 52 }],
        legend: { show: false },
      },
      [x, throughput.map((b) => b.entries), throughput.map((b) => b.exits)] as uPlot.AlignedData,
      host.current,
    );
    return () => plot.destroy();
  }, [throughput, width]);
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
