import { getCase } from '../api/analytics.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePromise } from '../ui/usePromise.ts';

/** One anonymised case's path through the stages, in time order. */
export function CaseTimeline({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { data, error, loading, reload } = usePromise((signal) => getCase(caseId, signal), [caseId]);
  return (
    <section aria-labelledby="case-title" data-testid="case-timeline">
      <h2 id="case-title">Case {data?.caseRef ?? caseId}</h2>
      {loading && <Loading what="the case" />}
      {error !== undefined && <ErrorNote error={error} onRetry={reload} />}
      {data && (
        <>
          {data.attributes && Object.keys(data.attributes).length > 0 && (
            <p className="hint">
              {Object.entries(data.attributes)
                .map(([k, v]) => `${k}: ${v}`)
                .join(' · ')}
            </p>
          )}
          <ol className="timeline">
            {data.timeline.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (duplicates are possible)
              <li key={`${t.occurredAt}:${i}`}>
                <strong>{t.occurredAt.slice(0, 10)}</strong> {t.stage}
                {t.event && <span className="hint"> ({t.event})</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      <button type="button" onClick={onClose}>
        Back to the stage's cases
      </button>
    </section>
  );
}
