import './worklist.css';
import type { WorklistResponse } from '@continuum/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../auth/SessionContext.tsx';
import { ExportButton } from '../exports/ExportButton.tsx';
import { exportFileName } from '../exports/exportFileName.ts';
import { saveText } from '../exports/saveFile.ts';
import { filterAttributes } from '../map/FilterBar.tsx';
import { SUPPRESSION_HINT } from '../map/suppressedFigure.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { Loading } from '../ui/Loading.tsx';
import { canReadCases } from '../ui/permissions.ts';
import { filterParams, filtersOf } from '../ui/routeFilters.ts';
import { usePromise } from '../ui/usePromise.ts';
import type { RouteParams } from '../useHashRoute.ts';
import { AgeingTable } from './AgeingTable.tsx';
import { getWorklist } from './worklistApi.ts';
import { worklistCsv } from './worklistCsv.ts';
import { type SortDirection, type WorklistSort, worklistRows } from './worklistRows.ts';
import { WorklistTable } from './WorklistTable.tsx';

const SORTS: WorklistSort[] = ['overdue', 'due', 'stage', 'inStage'];
const OVERDUE_CHOICES: [string, string][] = [
  ['', 'Due soon and overdue'],
  ['0', 'Overdue only'],
  ['6', '6+ working days overdue'],
  ['11', '11+ working days overdue'],
  ['21', 'Over 20 working days overdue'],
];

/**
 * The manager's worklist: every open case due within N working days or overdue, across stages,
 * with ageing buckets per stage; sort, filters and horizon live in the URL (`#/worklist?...`).
 */
export function Worklist({
  params,
  onChange,
  onOpenCase,
}: {
  params: Record<string, string>;
  onChange: (params: RouteParams) => void;
  onOpenCase: (caseId: string) => void;
}) {
  const due = Math.min(260, Math.max(0, Number.parseInt(params.due ?? '10', 10) || 0));
  const filters = useMemo(() => filtersOf(params), [params]);
  const key = JSON.stringify(filters);
  const list = usePromise((signal) => getWorklist({ dueWithinDays: due, filters }, signal), [due, key]);
  // Stage and overdue filters narrow the case rows, which only case-level roles get.
  const rowsShown = canReadCases(useSession().role);
  const set = (changes: RouteParams) => onChange({ ...params, ...changes });
  const [chosen, codes] = Object.entries(filters)[0] ?? ['', []];
  const [attribute, setAttribute] = useState(chosen);
  // The URL is the filter's truth: Back or a link that changes it changes the attribute shown too.
  useEffect(() => setAttribute(chosen), [chosen]);
  const applyCodes = (text: string) => {
    const list = text
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    // Leaving the box unchanged applies nothing (it put a filter Back had removed back again).
    if (list.join(',') === codes.join(',') && attribute === chosen) return;
    onChange(filterParams(params, list.length ? { [attribute]: list } : {}));
  };
  return (
    <div className="worklist-screen">
      <form className="toolbar" aria-label="Worklist filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Due within{' '}
          <input
            key={due}
            type="number"
            min={0}
            max={260}
            defaultValue={due}
            style={{ width: 64 }}
            onBlur={(e) => e.currentTarget.value !== String(due) && set({ due: e.currentTarget.value })}
            onKeyDown={(e) => e.key === 'Enter' && set({ due: e.currentTarget.value })}
          />{' '}
          working days
        </label>
        {rowsShown && (
          <>
            <label>
              Stage{' '}
              <select
                aria-label="Stage"
                value={params.stage ?? ''}
                onChange={(e) => set({ stage: e.target.value })}
              >
                <option value="">(all stages)</option>
                {(list.data?.byStage ?? []).map((s) => (
                  <option key={s.stage} value={s.stage}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Show{' '}
              <select
                aria-label="Show"
                value={params.over ?? ''}
                onChange={(e) => set({ over: e.target.value })}
              >
                {OVERDUE_CHOICES.map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <span className="sep" />
        <label>
          Attribute{' '}
          <select
            value={attribute}
            onChange={(e) => {
              setAttribute(e.target.value);
              if (chosen) onChange(filterParams(params, {}));
            }}
          >
            <option value="">(all cases)</option>
            {Object.keys(filterAttributes).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {attribute && (
          <label>
            is one of{' '}
            <input
              key={`${attribute}:${codes.join(',')}`}
              defaultValue={attribute === chosen ? codes.join(',') : ''}
              list="worklist-codes"
              placeholder="codes, comma separated"
              style={{ width: 150 }}
              onBlur={(e) => applyCodes(e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Enter' && applyCodes(e.currentTarget.value)}
            />
            <datalist id="worklist-codes">
              {(filterAttributes[attribute] ?? []).map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
        )}
      </form>
      {list.error !== undefined && <ErrorNote error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Loading what="the worklist" />}
      {list.data && <WorklistBody list={list.data} params={params} set={set} onOpenCase={onOpenCase} />}
    </div>
  );
}

function WorklistBody({
  list,
  params,
  set,
  onOpenCase,
}: {
  list: WorklistResponse;
  params: Record<string, string>;
  set: (changes: RouteParams) => void;
  onOpenCase: (caseId: string) => void;
}) {
  const { role } = useSession();
  const sort = (SORTS as string[]).includes(params.sort ?? '') ? (params.sort as WorklistSort) : 'overdue';
  const direction: SortDirection = params.dir === 'asc' ? 'asc' : 'desc';
  const labels = new Map(list.byStage.map((s) => [s.stage, s.label]));
  const stageLabel = (id: string) => labels.get(id) ?? id;
  const min = params.over === undefined || params.over === '' ? undefined : Number(params.over);
  const rows = worklistRows(
    list.items ?? [],
    { stage: params.stage || undefined, minWorkingDaysOverdue: min },
    sort,
    direction,
  );
  return (
    <div className="worklist-body">
      <section aria-labelledby="ageing-title">
        <h2 id="ageing-title">By stage, as of {list.asOf}</h2>
        <AgeingTable list={list} onStage={(stage) => set({ stage })} />
        {list.suppression && <p className="hint">{SUPPRESSION_HINT}</p>}
      </section>
      {list.items === null || !canReadCases(role) ? (
        <p className="hint" data-testid="worklist-no-rows">
          Case rows are shown only to roles with case-level access (admin, manager, analyst).
        </p>
      ) : (
        <section aria-labelledby="rows-title">
          <div className="section-head">
            <h2 id="rows-title">
              {rows.length} of {list.total} cases
              {params.stage ? ` in ${stageLabel(params.stage)}` : ''}
            </h2>
            <ExportButton
              label="Export CSV"
              testId="worklist-export"
              run={() =>
                saveText(
                  exportFileName({
                    pathway: list.pathway,
                    what: params.stage ? `worklist-${params.stage}` : 'worklist',
                    to: list.asOf,
                    ext: 'csv',
                  }),
                  worklistCsv(rows, stageLabel),
                )
              }
            />
          </div>
          {list.truncated && (
            <p className="hint">
              The first {list.items.length} cases by deadline are listed; counts cover all.
            </p>
          )}
          <WorklistTable
            rows={rows}
            sort={sort}
            direction={direction}
            onSort={(key) => set({ sort: key, dir: key === sort && direction === 'desc' ? 'asc' : 'desc' })}
            stageLabel={stageLabel}
            onOpenCase={onOpenCase}
          />
        </section>
      )}
    </div>
  );
}
