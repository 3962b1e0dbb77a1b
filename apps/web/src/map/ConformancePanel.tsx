import './conformance.css';
import type { Conformance } from '@continuum/contracts';
import { figureText, SUPPRESSION_HINT } from './suppressedFigure.ts';

/**
 * The map's conformance: moves outside the pathway that imported history made (stored as the source
 * records them, flagged, never bridged), per move and per stage. Nothing when there are none.
 */
export function ConformancePanel({
  conformance,
  label,
}: {
  conformance: Conformance | undefined;
  /** A stage's label by id (the ids are shown when a stage is not in the pathway). */
  label: (stage: string) => string;
}) {
  if (!conformance || (conformance.total === 0 && conformance.moves.length === 0)) return null;
  const { moves, stages } = conformance;
  return (
    <section className="conformance" aria-labelledby="conformance-title" data-testid="conformance">
      <h2 id="conformance-title">Conformance</h2>
      <p className="hint" title={SUPPRESSION_HINT}>
        {figureText(conformance, 'total', conformance.total)} moves outside the pathway in the period:
        imported history recorded moves the pathway does not have. They are stored as recorded and flagged,
        never bridged with invented stays.
      </p>
      <h3>By move</h3>
      <ul aria-label="Moves outside the pathway, by move">
        {moves.map((m) => (
          <li key={`${m.from}>${m.to}`} data-testid={`conformance-move-${m.from}-${m.to}`}>
            {label(m.from)} → {label(m.to)}: {figureText(m, 'moves', m.moves)} (outside the pathway)
          </li>
        ))}
      </ul>
      <h3>By stage</h3>
      <ul aria-label="Moves outside the pathway, by stage">
        {stages.map((s) => (
          <li key={s.stage} data-testid={`conformance-stage-${s.stage}`}>
            {label(s.stage)}: {figureText(s, 'movesOut', s.movesOut)} out,{' '}
            {figureText(s, 'movesIn', s.movesIn)} in
          </li>
        ))}
      </ul>
    </section>
  );
}
