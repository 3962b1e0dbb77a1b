import type { Draft } from './draftModel.ts';
import type { Selection } from './toFlow.ts';

/** Every stage and move as buttons: the keyboard route to anything on the canvas. */
export function ElementList({ draft, onSelect }: { draft: Draft; onSelect: (s: Selection) => void }) {
  return (
    <section aria-labelledby="elements-title">
      <h2 id="elements-title">Stages and moves</h2>
      <p className="hint">
        Select a stage or move on the diagram or here to edit it. Drag from a stage's right edge to another
        stage to add a move.
      </p>
      <h3>Stages</h3>
      <ul className="problems">
        {draft.stages.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              style={{ background: '#fff', borderColor: '#cfd6df' }}
              onClick={() => onSelect({ kind: 'stage', id: s.id })}
            >
              {s.label}{' '}
              <span className="code">
                {s.id} · level {s.level}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <h3>Moves</h3>
      <ul className="problems">
        {draft.transitions.map((t, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (duplicates are possible)
          <li key={`${t.from}:${t.event}:${index}`}>
            <button
              type="button"
              style={{ background: '#fff', borderColor: '#cfd6df' }}
              onClick={() => onSelect({ kind: 'transition', index })}
            >
              {t.from} → {t.to}{' '}
              <span className="code">
                {t.event} · {t.kind}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
