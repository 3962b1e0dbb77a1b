import { useState } from 'react';
import { getScenario, type SavedScenario } from '../api/simulation.ts';
import { usePromise } from '../ui/usePromise.ts';
import { num } from './format.ts';

/** What a saved scenario changes, in words ("Arrivals ×1.1; Early help places +20%"). */
function leversOf(s: SavedScenario, label: (id: string) => string): string {
  const o = s.request.scenario ?? {};
  const parts: string[] = [];
  if (o.arrivalMultiplier !== undefined) parts.push(`arrivals ×${num(o.arrivalMultiplier, 2)}`);
  if (o.arrivalTrendPerYear !== undefined)
    parts.push(`demand trend ${num(o.arrivalTrendPerYear * 100)}% a year`);
  for (const [id, k] of Object.entries(o.capacityMultiplier ?? {}))
    parts.push(`${label(id)} places ${k >= 1 ? '+' : ''}${num((k - 1) * 100, 0)}%`);
  for (const [id, c] of Object.entries(o.capacity ?? {})) parts.push(`${label(id)} ${c} places`);
  for (const [id, k] of Object.entries(o.durationMultiplier ?? {}))
    parts.push(`${label(id)} stays ×${num(k, 2)}`);
  for (const m of o.weightMultipliers ?? [])
    parts.push(
      `${label(m.from)} ${m.event.replaceAll('_', ' ')} ${m.factor >= 1 ? '+' : ''}${num((m.factor - 1) * 100, 0)}%`,
    );
  return parts.join('; ') || 'no changes';
}

/** Saved scenarios: reopen one (with its saved result), or tick two to compare their levers and results. */
export function ScenarioCompare({
  scenarios,
  onReopen,
  labels = {},
}: {
  scenarios: SavedScenario[];
  onReopen: (s: SavedScenario) => void;
  labels?: Record<string, string>;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const full = usePromise(
    () => Promise.all(picked.map((id) => getScenario(id).catch(() => undefined))),
    [picked.join(',')],
  );
  if (scenarios.length === 0) return <p className="hint">None saved yet.</p>;
  const label = (id: string) => labels[id] ?? id;
  const chosen = (full.data ?? []).filter((s): s is SavedScenario => !!s);
  const results = chosen.map((s) => s.summary?.result);
  const stageIds = [...new Set(results.flatMap((r) => r?.scenario.stages.map((x) => x.stage) ?? []))];
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
              {s.hasResult ? ' (with result)' : ''}
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
              <td>Levers</td>
              <td>{leversOf(chosen[0]!, label)}</td>
              <td>{leversOf(chosen[1]!, label)}</td>
            </tr>
            {stageIds.map((id) => (
              <tr key={id}>
                <td>{label(id)}: mean caseload, days waiting</td>
                {results.map((r, i) => {
                  const st = r?.scenario.stages.find((x) => x.stage === id);
                  return (
                    <td key={chosen[i]!.id}>
                      {st
                        ? `${num(st.stats.meanStock.mean)}, ${num(st.stats.meanWaitAll.mean)}`
                        : 'no saved result'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
