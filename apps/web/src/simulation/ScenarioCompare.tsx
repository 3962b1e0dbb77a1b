import { useState } from 'react';
import type { SavedScenario } from '../api/simulation.ts';

const n = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** Saved scenarios: reopen one, or tick two to compare their parameters and last results. */
export function ScenarioCompare({
  scenarios,
  onReopen,
}: {
  scenarios: SavedScenario[];
  onReopen: (s: SavedScenario) => void;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  if (scenarios.length === 0) return <p className="hint">None saved yet.</p>;
  const chosen = picked
    .map((id) => scenarios.find((s) => s.id === id))
    .filter((s): s is SavedScenario => !!s);
  const stageIds = [...new Set(chosen.flatMap((s) => (s.summary ?? []).map((x) => x.stage)))];
  return (
    <>
      <ul className="plain-list">
        {scenarios.map((s) => (
          <li key={s.id} className="field-row" style={{ alignItems: 'center' }}>
            <label>
              <input
                type="checkbox"
                checked={picked.includes(s.id)}
                onChange={(e) =>
                  setPicked((p) => (e.target.checked ? [...p, s.id].slice(-2) : p.filter((x) => x !== s.id)))
                }
              />{' '}
              {s.name}
            </label>
            <button type="button" onClick={() => onReopen(s)}>
              Reopen
            </button>
          </li>
        ))}
      </ul>
      {chosen.length === 2 && (
        <table data-testid="scenario-compare">
          <thead>
            <tr>
              <th />
              <th>{chosen[0]!.name}</th>
              <th>{chosen[1]!.name}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Arrivals ×</td>
              <td>{n(chosen[0]!.request.scenario?.arrivalMultiplier ?? 1)}</td>
              <td>{n(chosen[1]!.request.scenario?.arrivalMultiplier ?? 1)}</td>
            </tr>
            {stageIds.map((id) => (
              <tr key={id}>
                <td>{id} mean wait</td>
                {chosen.map((s) => (
                  <td key={s.id}>{n(s.summary?.find((x) => x.stage === id)?.meanWait)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
