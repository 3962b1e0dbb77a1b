import type { PathwayProblem } from '@continuum/machines';
import type { Draft } from './draftModel.ts';
import { type ProblemTarget, problemTarget } from './problemTargets.ts';

/** The server's validation problems as a list; each one selects the element it is about. */
export function ProblemList({
  problems,
  checked,
  local,
  draft,
  onSelect,
}: {
  problems: PathwayProblem[];
  checked: boolean;
  /** True when the rules ran in the browser (roles that may not call the validate endpoint). */
  local?: boolean;
  draft: Draft;
  onSelect: (target: ProblemTarget) => void;
}) {
  return (
    <section aria-labelledby="problems-title">
      <h2 id="problems-title">Validation {problems.length > 0 ? `(${problems.length})` : ''}</h2>
      {problems.length === 0 ? (
        <p className="hint" data-testid="no-problems">
          {!checked
            ? 'Waiting for the server to check the draft…'
            : local
              ? '✓ No problems (checked in the browser with the same rules).'
              : '✓ The server found no problems. This draft can be published.'}
        </p>
      ) : (
        <ul className="problems" data-testid="problem-list">
          {problems.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (duplicates are possible)
            <li key={`${p.code}:${p.path.join('.')}:${i}`}>
              <button type="button" onClick={() => onSelect(problemTarget(draft, p))}>
                {p.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
