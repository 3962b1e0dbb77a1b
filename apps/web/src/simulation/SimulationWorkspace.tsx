import { useMachine } from '@xstate/react';
import { useMemo, useState } from 'react';
import { getVersion, listPathways, type PathwaySummary } from '../api/pathways.ts';
import type { ScenarioComparison } from '@continuum/contracts';
import {
  cancelSimulation,
  followSimulation,
  getScenario,
  getSimulation,
  listCalibrations,
  type SavedScenario,
  type ScenarioOverrides,
  saveScenario,
  listScenarios,
  startSimulation,
  type SimulationRequest,
} from '../api/simulation.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { useSession } from '../auth/SessionContext.tsx';
import { canRunSimulations } from '../ui/permissions.ts';
import { BaselinePicker } from './BaselinePicker.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePromise } from '../ui/usePromise.ts';
import { Field, NumberField } from '../ui/fields/fields.tsx';
import { BandChart, curveColours } from './BandChart.tsx';
import { ParameterPanel } from './ParameterPanel.tsx';
import { runMachine } from './runMachine.ts';
import { SummaryTable } from './SummaryTable.tsx';
import { ScenarioCompare } from './ScenarioCompare.tsx';
import { BacktestPanel } from './BacktestPanel.tsx';
import { FitReportPanel } from './FitReportPanel.tsx';
import { ResultsView } from './ResultsView.tsx';
import { StartFromChoice } from './StartFromChoice.tsx';
import { pathwayLevers } from './pathwayLevers.ts';

const driver = {
  start: startSimulation,
  follow: followSimulation,
  fetch: getSimulation,
  cancel: cancelSimulation,
};

/** The what-if workspace: pathway version, calibrated baseline, parameter changes, run and results. */
export function SimulationWorkspace() {
  const pathways = usePromise(() => listPathways(), []);
  if (pathways.error !== undefined) return <ErrorNote error={pathways.error} onRetry={pathways.reload} />;
  if (pathways.loading) return <Loading what="pathways" />;
  const published = (pathways.data ?? []).filter((p) => p.latestVersion > 0);
  if (published.length === 0)
    return <p className="empty">No pathway has been published yet, so there is nothing to simulate.</p>;
  return <Workspace pathways={published} />;
}

function Workspace({ pathways }: { pathways: PathwaySummary[] }) {
  const mayRun = canRunSimulations(useSession().role);
  const [pathwayId, setPathwayId] = useState(pathways[0]!.pathwayId);
  const summary = pathways.find((p) => p.pathwayId === pathwayId) ?? pathways[0]!;
  const [version, setVersion] = useState(summary.latestVersion);
  // The picker lists the chosen version's calibrations and keeps this id one of them.
  const [calibrationId, setCalibrationId] = useState('');
  const [overrides, setOverrides] = useState<ScenarioOverrides>({});
  const [horizonDays, setHorizonDays] = useState(730);
  const [replications, setReplications] = useState(200);
  const [name, setName] = useState('What-if');
  const [startFrom, setStartFrom] = useState<'live' | 'empty'>('live');
  const [warmupDays, setWarmupDays] = useState(365);
  const [tab, setTab] = useState<'whatif' | 'backtest'>('whatif');
  const [reopened, setReopened] = useState<{ name: string; comparison: ScenarioComparison } | null>(null);
  const definition = usePromise(() => getVersion(pathwayId, version), [pathwayId, version]);
  const calibrations = usePromise(() => listCalibrations(pathwayId, version), [pathwayId, version]);
  const caseload = calibrations.data?.[0];
  const scenarios = usePromise(() => listScenarios(), []);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [run, send] = useMachine(runMachine, { input: { driver } });
  const state = run.value as string;
  const result = run.context.result;
  const request: SimulationRequest = {
    pathwayId,
    version,
    ...(calibrationId ? { calibrationId } : {}),
    scenario: overrides,
    compare: true,
    horizonDays,
    replications,
    seed: 1,
    startFrom,
    ...(startFrom === 'empty' ? { warmupDays } : {}),
  };
  const stages = useMemo(() => definition.data?.definition.stages ?? [], [definition.data]);
  const levers = useMemo(() => pathwayLevers(definition.data?.definition), [definition.data]);
  const comparison = result?.comparison ?? (state === 'running' ? undefined : reopened?.comparison);

  const reopen = async (s: SavedScenario) => {
    setReopened(null);
    if (s.hasResult) {
      const full = await getScenario(s.id).catch(() => null);
      if (full?.summary?.result) setReopened({ name: s.name, comparison: full.summary.result });
    }
    setName(s.name);
    if (s.request.startFrom) setStartFrom(s.request.startFrom);
    if (s.request.warmupDays !== undefined) setWarmupDays(s.request.warmupDays);
    setOverrides(s.request.scenario ?? {});
    if (s.request.pathwayId) setPathwayId(s.request.pathwayId);
    if (s.request.version) setVersion(s.request.version);
    if (s.request.calibrationId) setCalibrationId(s.request.calibrationId);
    if (s.request.horizonDays) setHorizonDays(s.request.horizonDays);
    if (s.request.replications) setReplications(s.request.replications);
  };

  return (
    <div className="sim">
      <aside
        className="side"
        aria-label="Scenario settings"
        style={{ borderLeft: 'none', borderRight: '1px solid var(--line)' }}
      >
        <h2>Scenario</h2>
        <Field label="Name">
          {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Pathway">
          {(id) => (
            <select
              id={id}
              value={pathwayId}
              onChange={(e) => {
                setPathwayId(e.target.value);
                const next = pathways.find((p) => p.pathwayId === e.target.value);
                if (next) setVersion(next.latestVersion);
              }}
            >
              {pathways.map((p) => (
                <option key={p.pathwayId} value={p.pathwayId}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Version">
          {(id) => (
            <select id={id} value={version} onChange={(e) => setVersion(Number(e.target.value))}>
              {summary.versions.map((v) => (
                <option key={v} value={v}>
                  version {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <BaselinePicker
          pathwayId={pathwayId}
          version={version}
          value={calibrationId}
          onChange={setCalibrationId}
        />
        <StartFromChoice
          value={startFrom}
          onChange={setStartFrom}
          openCases={caseload?.openCases}
          openAsOf={caseload?.openAsOf}
          warmupDays={warmupDays}
          onWarmupDays={setWarmupDays}
        />
        <NumberField
          label="Horizon (days)"
          value={horizonDays}
          min={30}
          step={30}
          onChange={(v) => setHorizonDays(v ?? 730)}
        />
        <NumberField
          label="Replications"
          value={replications}
          min={2}
          step={1}
          onChange={(v) => setReplications(v ?? 20)}
        />
        {definition.loading && <Loading what="the pathway version" />}
        {definition.error !== undefined && <ErrorNote error={definition.error} onRetry={definition.reload} />}
        <ParameterPanel
          stages={levers.stages}
          moves={levers.moves}
          overrides={overrides}
          onChange={setOverrides}
          disabled={state === 'running'}
        />
        {!mayRun && (
          <p className="hint" data-testid="run-not-allowed">
            Your role reads runs and saved scenarios; running and saving need the analyst or admin role.
          </p>
        )}
        {mayRun && (
          <div className="field-row">
            {state === 'running' ? (
              <button type="button" onClick={() => send({ type: 'CANCEL' })}>
                Cancel run
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => send({ type: 'RUN', request })}>
                Run scenario
              </button>
            )}
            <button
              type="button"
              disabled={state === 'running'}
              onClick={async () => {
                try {
                  setSaveError(null);
                  const { seed: _seed, ...rest } = request;
                  // Saved with the finished run's result, so it reopens with it.
                  const runId = state === 'done' ? run.context.runId : null;
                  await saveScenario({
                    name,
                    request: { ...rest, scenario: { ...overrides, name } },
                    ...(runId ? { runId } : {}),
                  });
                  scenarios.reload();
                } catch (error) {
                  setSaveError(error);
                }
              }}
            >
              Save scenario
            </button>
          </div>
        )}
        {saveError !== null && <ErrorNote error={saveError} />}
        <h2>Saved scenarios</h2>
        {scenarios.loading && <Loading what="saved scenarios" />}
        {scenarios.error !== undefined && <ErrorNote error={scenarios.error} onRetry={scenarios.reload} />}
        {scenarios.data && (
          <ScenarioCompare
            scenarios={scenarios.data}
            onReopen={reopen}
            labels={Object.fromEntries(stages.map((s) => [s.id, s.label]))}
          />
        )}
      </aside>
      <section className="results" aria-label="Results" aria-live="polite">
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'whatif'} onClick={() => setTab('whatif')}>
            What-if
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'backtest'}
            onClick={() => setTab('backtest')}
          >
            Backtest the baseline
          </button>
        </div>
        {tab === 'backtest' && (
          <>
            <FitReportPanel
              key={`${pathwayId}@${version}`}
              pathwayId={pathwayId}
              version={version}
              labels={Object.fromEntries(stages.map((s) => [s.id, s.label]))}
            />
            <BacktestPanel pathwayId={pathwayId} version={version} dataEnd={caseload?.openAsOf} />
          </>
        )}
        {tab === 'whatif' && (
          <>
            <div className="toolbar" style={{ border: '1px solid var(--line)', borderRadius: 6 }}>
              <strong>Run: {state}</strong>
              <div
                className="progressbar"
                role="progressbar"
                aria-label="Simulation progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(run.context.progress * 100)}
              >
                <div style={{ width: `${run.context.progress * 100}%` }} />
              </div>
              <span>{Math.round(run.context.progress * 100)}%</span>
              <span className="legend">
                <span>
                  <span className="swatch" style={{ borderColor: curveColours.baseline }} /> baseline
                </span>
                <span>
                  <span className="swatch" style={{ borderColor: curveColours.scenario }} /> scenario (shaded:
                  90% band)
                </span>
              </span>
            </div>
            {state === 'failed' && (
              <ErrorNote error={run.context.error} onRetry={() => send({ type: 'RUN', request })} />
            )}
            {state === 'cancelled' && <p className="hint">The run was cancelled.</p>}
            {state === 'idle' && !comparison && (
              <p className="empty">
                Change parameters on the left, then run the scenario. The baseline is run alongside with the
                same random numbers.
              </p>
            )}
            {reopened && comparison === reopened.comparison && (
              <p className="hint">
                Showing the result saved with “{reopened.name}”. Run it again for a fresh result.
              </p>
            )}
            {comparison && (
              <ResultsView
                runId={result?.comparison ? result.id : undefined}
                comparison={comparison}
                levels={levers.levels}
                lookedAfter={levers.lookedAfter}
                terminal={levers.terminal}
              />
            )}
            {result && !result.comparison && (
              <>
                <SummaryTable
                  baseline={result.baseline?.summary ?? null}
                  scenario={result.scenario.summary}
                />
                <div className="charts">
                  {stages
                    .filter((s) => result.scenario.stock[s.id])
                    .map((s) => (
                      <BandChart
                        key={s.id}
                        title={s.label}
                        days={result.scenario.days}
                        baseline={result.baseline?.stock[s.id]}
                        scenario={result.scenario.stock[s.id]}
                      />
                    ))}
                </div>
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
}
