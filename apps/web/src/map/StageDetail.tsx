import type { StageFigures } from '@continuum/contracts';
import { comparisonWords } from './periodComparison.ts';
import { figureText } from './suppressedFigure.ts';
import { ThroughputChart } from './ThroughputChart.tsx';

/**
 * A selected stage's figures for the period: entries and exits against the previous period of the
 * same length (only for roles with case-level access: a difference of two counts can reveal a small
 * one), time in stage, timescale, and the weekly chart.
 */
export function StageDetail({
  label,
  figures,
  previous,
  period,
  compare,
}: {
  label: string;
  figures: StageFigures | undefined;
  previous: StageFigures | undefined;
  period: { from: string; to: string };
  compare: boolean;
}) {
  if (!figures) return <p className="hint">No case has been in {label} in this period.</p>;
  const prev = compare ? previous : undefined;
  const t = figures.timescale;
  return (
    <section aria-labelledby="stage-title" data-testid="stage-detail">
      <h2 id="stage-title">{label}</h2>
      <ul className="plain-list figures">
        <li data-testid="compare-entries">
          {comparisonWords('Entries', figures.entries, prev ? prev.entries : undefined, period)}
        </li>
        <li data-testid="compare-exits">
          {comparisonWords('Exits', figures.exits, prev ? prev.exits : undefined, period)}
        </li>
        <li>Open now: {figureText(figures, 'openAsOf', figures.openAsOf)}</li>
        <li>
          Days in stage, median / p90: {figureText(figures, 'timeInStage.median', figures.timeInStage.median)}{' '}
          / {figureText(figures, 'timeInStage.p90', figures.timeInStage.p90)}
        </li>
        {t && (
          <li>
            Within {t.value} {t.unit === 'working_days' ? 'working days' : t.unit}:{' '}
            {figureText(figures, 'timescale.percentWithin', t.percentWithin, (v) => `${v}%`)}; overdue now{' '}
            {figureText(figures, 'timescale.openOverdue', t.openOverdue)}
          </li>
        )}
      </ul>
      {!compare && (
        <p className="hint">
          The comparison with the previous period is shown to roles with case-level access.
        </p>
      )}
      <ThroughputChart label={label} throughput={figures.throughput} />
    </section>
  );
}
