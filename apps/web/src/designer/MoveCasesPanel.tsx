import { useEffect, useMemo, useState } from 'react';
import {
  getVersion,
  type VersionMoveReport,
  type VersionMoveRequest,
  moveCasesToVersion,
  type PathwaySummary,
} from '../api/pathways.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';

/** The server calls the panel makes (tests pass their own). */
export interface MoveCasesApi {
  stagesOf(version: number): Promise<string[]>;
  moveCases(request: VersionMoveRequest): Promise<VersionMoveReport>;
}

const serverApi = (pathwayId: string): MoveCasesApi => ({
  stagesOf: async (version) => (await getVersion(pathwayId, version)).definition.stages.map((s) => s.id),
  moveCases: (request) => moveCasesToVersion(pathwayId, request),
});

/**
 * Moves the cases of an older version onto a newer one: the designer maps each stage the new
 * version no longer has, previews how many cases go where (a dry run on the server: open and
 * closed counts), then confirms in a separate step; the move echoes the preview's figures, so the
 * server refuses it if they no longer hold. Only open cases move unless closed ones are included.
 */
export function MoveCasesPanel({
  summary,
  onClose,
  client,
}: {
  summary: PathwaySummary;
  onClose: () => void;
  client?: MoveCasesApi;
}) {
  const api = useMemo(() => client ?? serverApi(summary.pathwayId), [client, summary.pathwayId]);
  const versions = summary.versions;
  const [toVersion, setToVersion] = useState(versions.at(-1) ?? 1);
  const [fromVersion, setFromVersion] = useState(versions.at(-2) ?? versions[0] ?? 1);
  const [stages, setStages] = useState<{ from: string[]; to: string[] } | null>(null);
  const [stageMap, setStageMap] = useState<Record<string, string>>({});
  const [includeClosed, setIncludeClosed] = useState(false);
  const [preview, setPreview] = useState<VersionMoveReport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<VersionMoveReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setStages(null);
    setStageMap({});
    setPreview(null);
    setConfirming(false);
    setDone(null);
    setError(null);
    Promise.all([api.stagesOf(fromVersion), api.stagesOf(toVersion)]).then(
      ([from, to]) => live && setStages({ from, to }),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, fromVersion, toVersion]);

  const gone = stages ? stages.from.filter((s) => !stages.to.includes(s)) : [];
  const request = (dryRun: boolean): VersionMoveRequest => ({
    fromVersion,
    toVersion,
    // Unmapped stages are left out: the server names any that still hold cases.
    stageMap: Object.fromEntries(Object.entries(stageMap).filter(([, to]) => to !== '')),
    dryRun,
    includeClosed,
    ...(!dryRun && preview ? { expectedCases: preview.cases, confirmation: preview.confirmation } : {}),
  });
  const call = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const report = await api.moveCases(request(dryRun));
      if (dryRun) setPreview(report);
      else {
        setDone(report);
        setPreview(null);
      }
    } catch (e) {
      setError(e);
      setPreview(null);
    } finally {
      setConfirming(false);
      setBusy(false);
    }
  };
  const versionPicker = (label: string, value: number, set: (v: number) => void) => (
    <label>
      {label}{' '}
      <select
        aria-label={`Migrate ${label.toLowerCase()}`}
        value={value}
        onChange={(e) => set(Number(e.target.value))}
      >
        {versions.map((v) => (
          <option key={v} value={v}>
            version {v}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-labelledby="move-cases-title">
      <h2 id="move-cases-title">Move cases to another version</h2>
      <p>Cases stay on the version they were opened under until they are moved.</p>
      <div className="field-row">
        {versionPicker('From', fromVersion, setFromVersion)}
        {versionPicker('To', toVersion, setToVersion)}
      </div>
      {gone.length > 0 && stages && (
        <fieldset>
          <legend>Stages version {toVersion} does not have</legend>
          {gone.map((s) => (
            <label key={s} className="field-row">
              {s} →{' '}
              <select
                aria-label={`New stage for ${s}`}
                value={stageMap[s] ?? ''}
                onChange={(e) => {
                  setStageMap({ ...stageMap, [s]: e.target.value });
                  setPreview(null);
                  setConfirming(false);
                }}
              >
                <option value="">(choose)</option>
                {stages.to.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      <label className="field-row">
        <input
          type="checkbox"
          checked={includeClosed}
          onChange={(e) => {
            setIncludeClosed(e.target.checked);
            setPreview(null);
            setConfirming(false);
          }}
        />{' '}
        Also move closed cases (by default they keep the version they closed under)
      </label>
      {error !== null && <ErrorNote error={error} />}
      {preview && (
        <p data-testid="migration-counts">
          {preview.cases} case{preview.cases === 1 ? '' : 's'} would move: {preview.openCases} open
          {preview.includeClosed
            ? ` and ${preview.closedCases} closed.`
            : `; ${preview.closedCases} closed case${preview.closedCases === 1 ? '' : 's'} stay on version ${preview.fromVersion}.`}
        </p>
      )}
      {preview && (
        <table aria-label="Migration preview">
          <thead>
            <tr>
              <th>From stage</th>
              <th>To stage</th>
              <th>Cases</th>
            </tr>
          </thead>
          <tbody>
            {preview.moves.map((m) => (
              <tr key={m.fromStage}>
                <td>{m.fromStage}</td>
                <td>{m.toStage}</td>
                <td>{m.cases}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {done && (
        <p role="status">
          Moved {done.cases} cases from version {done.fromVersion} to version {done.toVersion}.
        </p>
      )}
      {confirming && preview && (
        <div role="alertdialog" aria-labelledby="move-cases-confirm" className="confirm">
          <p id="move-cases-confirm">
            Move {preview.cases} case{preview.cases === 1 ? '' : 's'} ({preview.openCases} open
            {preview.includeClosed ? `, ${preview.closedCases} closed` : ''}) from version{' '}
            {preview.fromVersion} to version {preview.toVersion}? Each case whose stage changes gets a
            migration event in its history; this cannot be undone.
          </p>
          <button type="button" className="primary" onClick={() => call(false)} disabled={busy}>
            Yes, move {preview.cases} cases
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
            Back
          </button>
        </div>
      )}
      <div className="field-row">
        <button
          type="button"
          onClick={() => call(true)}
          disabled={busy || !stages || fromVersion === toVersion}
        >
          Preview
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => setConfirming(true)}
          disabled={busy || !preview || confirming || preview.cases === 0}
        >
          {preview ? `Move ${preview.cases} cases…` : 'Move cases'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
