import type { PathwayProblem } from '@continuum/machines';
import type { Draft } from './draftModel.ts';
import { type ProblemTarget, problemTarget } from './problemTargets.ts';

/** The server's validation problems as a list; each one selects the element it is about. */
export function ProblemList({
  problems,
  checked,
  draft,
  onSelect,
}: {
  problems: PathwayProblem[];
  checked: boolean;
  draft: Draft;
  onSelect: (target: ProblemTarget) => void;
}) {
  return (
    <section aria-labelledby="problems-title">
      <h2 id="problems-title">Validation {problems.length > 0 ? `(${problems.length})` : ''}</h2>
      {problems.length === 0 ? (
        <p className={checked ? 'hint' : 'hint'} data-testid="no-problems">
          {checked
            ? '✓ The server found no problems. This draft can be published.'
            : 'Waiting for the server to check the draft…'}
        </p>
      ) : (
        <ul className="problems" data-testid="problem-list">
          {problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (duplicates are possible)
            <li key={`${p.code}:${p.path.join('.')}:${i}`}>
              <button type="button" onClick={() => onSelect(problemTarget(draft, p))}>
                {p.message}
                <span className="code">
                  {p.code} at {p.path.join('.') || 'pathway'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
