import type { StageFigures } from '@continuum/contracts';

/** Points of one series as SVG polylines, broken where a bucket is hidden (null). */
export function sparkPaths(
  values: readonly (number | null)[],
  width: number,
  height: number,
  max: number,
): string[] {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const paths: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) paths.push(current.join(' '));
      current = [];
      return;
    }
    const y = height - 1 - (max > 0 ? (v / max) * (height - 2) : 0);
    current.push(`${(i * step).toFixed(1)},${y.toFixed(1)}`);
  });
  if (current.length) paths.push(current.join(' '));
  return paths;
}

/**
 * Weekly entries (solid) and exits (dashed) of a stage as a small line chart for its card; a
 * week whose count is hidden for the role leaves a gap, never a zero.
 */
export function ThroughputSpark({
  throughput,
  width,
  height,
}: {
  throughput: StageFigures['throughput'];
  width: number;
  height: number;
}) {
  if (throughput.length < 2) return null;
  const entries = throughput.map((b) => b.entries);
  const exits = throughput.map((b) => b.exits);
  const max = Math.max(1, ...entries.map((v) => v ?? 0), ...exits.map((v) => v ?? 0));
  return (
    <svg
      className="spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Weekly entries and exits, ${throughput.length} weeks`}
      data-testid="spark"
    >
      {sparkPaths(entries, width, height, max).map((d) => (
        <polyline key={`in${d}`} points={d} className="in" />
      ))}
      {sparkPaths(exits, width, height, max).map((d) => (
        <polyline key={`out${d}`} points={d} className="out" />
      ))}
    </svg>
  );
}
