import { useEffect, useState } from 'react';
import { getVersion, type PathwaySummary } from '../api/pathways.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import type { Draft } from './draftModel.ts';
import { type Change, diffPathways, isEmptyDiff, type PathwayDiff } from './diffPathways.ts';
import { fieldName, valueWords } from './changeWords.ts';

function ChangeList({ title, items }: { title: string; items: Change[] }) {
  if (!items.length) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {items.map((c) => (
          <li key={c.key}>
            <strong>{c.key}</strong>
            <ul>
              {c.fields.map((f) => (
                <li key={f.field}>
                  {fieldName(f.field)}: <span className="before">{valueWords(f.before)}</span> →{' '}
                  <span className="after">{valueWords(f.after)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

function NameList({ title, items, sign }: { title: string; items: string[]; sign: string }) {
  if (!items.length) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {items.map((i) => (
          <li key={i}>
            {sign} {i}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Renders a pathway diff as lists of added, removed and changed stages and moves. */
export function DiffView({ diff }: { diff: PathwayDiff }) {
  if (isEmptyDiff(diff)) return <p>The two versions are identical.</p>;
  return (
    <div data-testid="diff">
      <NameList title="Stages added" items={diff.stagesAdded} sign="+" />
      <NameList title="Stages removed" items={diff.stagesRemoved} sign="−" />
      <ChangeList title="Stages changed" items={diff.stagesChanged} />
      <NameList title="Moves added" items={diff.movesAdded} sign="+" />
      <NameList title="Moves removed" items={diff.movesRemoved} sign="−" />
      <ChangeList title="Moves changed" items={diff.movesChanged} />
    </div>
  );
}

/**
 * Picks two versions (or the draft) of the pathway and shows what changed between them, as a list
 * and (through onCompared) highlighted on the canvas.
 */
export function ComparePanel({
  summary,
  draft,
  onClose,
  onCompared,
}: {
  summary: PathwaySummary;
  draft: Draft;
  onClose: () => void;
  /** The two pathways being compared, once both are loaded. */
  onCompared?: (before: Draft, after: Draft) => void;
}) {
  const options = ['draft', ...summary.versions.map(String)];
  const [left, setLeft] = useState(
    summary.versions.at(-2)?.toString() ?? summary.versions.at(-1)?.toString() ?? 'draft',
  );
  const [right, setRight] = useState('draft');
  const [state, setState] = useState<{ diff?: PathwayDiff; error?: unknown; loading: boolean }>({
    loading: true,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: onCompared is the editor's callback, not an input
  useEffect(() => {
    let live = true;
    const load = (v: string) =>
      v === 'draft'
        ? Promise.resolve(draft)
        : getVersion(summary.pathwayId, Number(v)).then((x) => x.definition);
    setState({ loading: true });
    Promise.all([load(left), load(right)]).then(
      ([a, b]) => {
        if (!live) return;
        setState({ diff: diffPathways(a, b), loading: false });
        onCompared?.(a, b);
      },
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [left, right, draft, summary.pathwayId]);
  const picker = (label: string, value: string, set: (v: string) => void) => (
    <label>
      {label}{' '}
      <select
        aria-label={`Compare ${label.toLowerCase()}`}
        value={value}
        onChange={(e) => set(e.target.value)}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {o === 'draft' ? 'current draft' : `version ${o}`}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Compare versions</h2>
      <p className="hint">
        The diagram shows the later version: added and changed stages and moves are outlined and badged,
        removed ones drawn faded with a dashed outline.
      </p>
      <div className="field-row">
        {picker('From', left, setLeft)}
        {picker('To', right, setRight)}
      </div>
      {state.loading && <Loading what="versions" />}
      {state.error !== undefined && <ErrorNote error={state.error} />}
      {state.diff && <DiffView diff={state.diff} />}
      <button type="button" onClick={onClose}>
        Close comparison
      </button>
    </section>
  );
}
