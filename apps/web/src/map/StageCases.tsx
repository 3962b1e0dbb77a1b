import { getStageCases } from '../api/analytics.ts';
import { toCsv } from '../exports/csv.ts';
import { ExportButton } from '../exports/ExportButton.tsx';
import { exportFileName } from '../exports/exportFileName.ts';
import { saveText } from '../exports/saveFile.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePromise } from '../ui/usePromise.ts';

/** The anonymised cases open in a stage, longest waiting first, with overdue ones flagged. */
export function StageCases({
  stage,
  label,
  filters = {},
  onOpenCase,
  pathway,
}: {
  stage: string;
  label: string;
  /** The map's attribute filters: the list shows the same cases the map counts. */
  filters?: Record<string, string[]>;
  onOpenCase: (caseId: string | number) => void;
  /** Names the export file. */
  pathway?: { id: string; version: number | null };
}) {
  const key = JSON.stringify(filters);
  const { data, error, loading, reload } = usePromise(
    (signal) => getStageCases(stage, signal, filters),
    [stage, key],
  );
  const cases = [...(data ?? [])].sort((a, b) => b.daysInStage - a.daysInStage);
  const overdue = cases.filter((c) => c.overdue).length;
  return (
    <section aria-labelledby="cases-title" data-testid="stage-cases">
      <h2 id="cases-title">Open cases in {label}</h2>
      {loading && <Loading what="cases" />}
      {error !== undefined && <ErrorNote error={error} onRetry={reload} />}
      {data && (
        <>
          <div className="section-head">
            <p className="hint">
              {cases.length} open, {overdue} overdue. Select a case to see its timeline.
            </p>
            <ExportButton
              label="Export CSV"
              testId="stage-cases-export"
              run={() =>
                saveText(
                  exportFileName({
                    pathway,
                    what: `cases-${stage}`,
                    to: new Date().toISOString().slice(0, 10),
                    ext: 'csv',
                  }),
                  toCsv(
                    ['case_id', 'case_ref', 'stage', 'entered_on', 'days_in_stage', 'due_on', 'overdue'],
                    cases.map((c) => [
                      String(c.id),
                      c.ref,
                      stage,
                      c.stageEnteredAt.slice(0, 10),
                      c.daysInStage,
                      c.dueOn,
                      c.overdue ? 'yes' : 'no',
                    ]),
                  ),
                )
              }
            />
          </div>
          <table>
            <thead>
              <tr>
                <th>Case</th>
                <th>Entered</th>
                <th className="num">Days in stage</th>
                <th>Overdue</th>
              </tr>
            </thead>
            <tbody>
              {cases.slice(0, 200).map((c) => (
                <tr key={String(c.id)} className={`clickable${c.overdue ? ' overdue' : ''}`}>
                  <td>
                    <button type="button" className="link" onClick={() => onOpenCase(c.id)}>
                      <span title={c.ref}>{c.ref.slice(0, 10)}…</span>
                    </button>
                  </td>
                  <td className="nowrap">{c.stageEnteredAt.slice(0, 10)}</td>
                  <td className="num">{c.daysInStage}</td>
                  <td className="nowrap">{c.overdue ? `due ${c.dueOn}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {cases.length > 200 && <p className="hint">Showing the 200 longest waiting of {cases.length}.</p>}
        </>
      )}
    </section>
  );
}
