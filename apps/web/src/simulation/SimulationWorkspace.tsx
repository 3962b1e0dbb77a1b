import { useMachine } from '@xstate/react';
import { useMemo, useState } from 'react';
import { getVersion, listPathways, type PathwaySummary } from '../api/pathways.ts';
import {
  cancelSimulation,
  followSimulation,
  getSimulation,
  type SavedScenario,
  type ScenarioOverrides,
  saveScenario,
  listScenarios,
  startSimulation,
  type SimulationRequest,
} from '../api/simulation.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { BaselinePicker } from './BaselinePicker.tsx';
import { Loading } from '../ui/Loading.tsx';
import { usePromise } from '../ui/usePromise.ts';
import { Field, NumberField } from '../ui/fields/fields.tsx';
import { BandChart, curveColours } from './BandChart.tsx';
import { ParameterPanel } from './ParameterPanel.tsx';
import { runMachine } from './runMachine.ts';
import { SummaryTable } from './SummaryTable.tsx';
import { ScenarioCompare } from './ScenarioCompare.tsx';

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
  const [pathwayId, setPathwayId] = useState(pathways[0]!.pathwayId);
  const summary = pathways.find((p) => p.pathwayId === pathwayId) ?? pathways[0]!;
  const [version, setVersion] = useState(summary.latestVersion);
  // The picker lists the chosen version's calibrations and keeps this id one of them.
  const [calibrationId, setCalibrationId] = useState('');
  const [overrides, setOverrides] = useState<ScenarioOverrides>({});
  const [horizonDays, setHorizonDays] = useState(730);
  const [replications, setReplications] = useState(20);
  const [name, setName] = useState('What-if');
  const definition = usePromise(() => getVersion(pathwayId, version), [pathwayId, version]);
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
  };
  const stages = useMemo(() => definition.data?.definition.stages ?? [], [definition.data]);

  const reopen = (s: SavedScenario) => {
    setName(s.name);
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
          stages={stages}
          overrides={overrides}
          onChange={setOverrides}
          disabled={state === 'running'}
        />
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
                await saveScenario({
                  name,
                  request: rest,
                  ...(result ? { summary: result.scenario.summary } : {}),
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
        {saveError !== null && <ErrorNote error={saveError} />}
        <h2>Saved scenarios</h2>
        {scenarios.loading && <Loading what="saved scenarios" />}
        {scenarios.error !== undefined && <ErrorNote error={scenarios.error} onRetry={scenarios.reload} />}
        {scenarios.data && <ScenarioCompare scenarios={scenarios.data} onReopen={reopen} />}
      </aside>
      <section className="results" aria-label="Results" aria-live="polite">
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
              <span className="swatch" style={{ borderColor: curveColours.scenario }} /> scenario (shaded: 90%
              band)
            </span>
          </span>
        </div>
        {state === 'failed' && (
          <ErrorNote error={run.context.error} onRetry={() => send({ type: 'RUN', request })} />
        )}
        {state === 'cancelled' && <p className="hint">The run was cancelled.</p>}
        {state === 'idle' && (
          <p className="empty">
            Change parameters on the left, then run the scenario. The baseline is run alongside with the same
            random numbers.
          </p>
        )}
        {result && (
          <>
            <SummaryTable baseline={result.baseline?.summary ?? null} scenario={result.scenario.summary} />
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
      </section>
    </div>
  );
}
