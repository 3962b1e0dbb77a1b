import { getCase } from '../api/analytics.ts';
import './conformance.css';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePromise } from '../ui/usePromise.ts';

const DAY = 86_400_000;
const daysBetween = (a: string, b: string | null) =>
  Math.floor(((b ? Date.parse(b) : Date.now()) - Date.parse(a)) / DAY);

/** One anonymised case's path through the stages, in time order, with record-only events between. */
export function CaseTimeline({ caseId, onClose }: { caseId: string | number; onClose: () => void }) {
  const { data, error, loading, reload } = usePromise((signal) => getCase(caseId, signal), [caseId]);
  const records = (data?.events ?? []).filter((e) => e.fromStage === e.toStage && e.event);
  // Imported moves the pathway lacks, by the stay they opened (stage and time).
  const outside = new Map(
    (data?.events ?? []).filter((e) => e.outsidePathway).map((e) => [`${e.toStage}@${e.occurredAt}`, e]),
  );
  return (
    <section aria-labelledby="case-title" data-testid="case-timeline">
      {/* The id as the worklist and stage lists show it (its first 10 characters), so a case is found again by it. */}
      <h2 id="case-title" title={String(caseId)}>
        Case {String(caseId).slice(0, 10)}
      </h2>
      {data && (
        <p className="hint" title={data.case.ref}>
          Pseudonymised reference {data.case.ref.slice(0, 10)}…
        </p>
      )}
      {loading && <Loading what="the case" />}
      {error !== undefined && <ErrorNote error={error} onRetry={reload} />}
      {data && (
        <>
          <p className="hint">
            {Object.entries(data.case.attributes ?? {})
              .filter(([, v]) => v !== null && v !== '')
              .map(([k, v]) => `${k}: ${v}`)
              .join(' · ') || 'No coded attributes'}
          </p>
          <ol className="timeline" aria-label="Stays in time order">
            {data.intervals.map((s) => {
              const flagged = outside.get(`${s.stage}@${s.enteredAt}`);
              return (
                <li key={`${s.stage}:${s.enteredAt}`} className={flagged ? 'outside-pathway' : undefined}>
                  <strong>{s.enteredAt.slice(0, 10)}</strong> {s.stage}
                  {s.entryEvent && <span className="hint"> via {s.entryEvent}</span>}
                  {flagged && (
                    <span className="outside-pathway-note" data-testid="outside-pathway">
                      {' '}
                      — outside the pathway: imported history moved it here from {flagged.fromStage}, a move
                      the pathway does not have
                    </span>
                  )}
                  <span className="hint">
                    {' '}
                    · {daysBetween(s.enteredAt, s.exitedAt)} days{s.exitedAt ? '' : ' so far'}
                  </span>
                </li>
              );
            })}
          </ol>
          {records.length > 0 && (
            <p className="hint">
              Recorded without a move:{' '}
              {Object.entries(
                records.reduce<Record<string, string[]>>((acc, e) => {
                  acc[e.event!] = [...(acc[e.event!] ?? []), e.occurredAt.slice(0, 10)];
                  return acc;
                }, {}),
              )
                .map(([event, dates]) => `${event} ×${dates.length} (last ${dates.at(-1)})`)
                .join(', ')}
            </p>
          )}
        </>
      )}
      <button type="button" onClick={onClose}>
        Back
      </button>
    </section>
  );
}
