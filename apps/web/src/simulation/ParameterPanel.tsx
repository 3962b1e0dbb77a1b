import type { ScenarioOverrides } from '../api/simulation.ts';
import { NumberField } from '../ui/fields/fields.tsx';

/** A stage as the parameter panel needs it. */
export interface ParamStage {
  id: string;
  label: string;
  capacity?: number;
  terminal?: boolean;
}

/** Global and per-stage parameter changes of a scenario; blank means "as in the baseline". */
export function ParameterPanel({
  stages,
  overrides,
  onChange,
  disabled,
}: {
  stages: ParamStage[];
  overrides: ScenarioOverrides;
  onChange: (next: ScenarioOverrides) => void;
  disabled?: boolean;
}) {
  const setStage = (id: string, key: 'capacity' | 'durationMultiplier', value: number | undefined) => {
    const map = { ...(overrides[key] ?? {}) };
    if (value === undefined) delete map[id];
    else map[id] = value;
    const next = { ...overrides, [key]: map };
    if (Object.keys(map).length === 0) delete next[key];
    onChange(next);
  };
  return (
    <fieldset disabled={disabled} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <legend>Parameter changes</legend>
      <NumberField
        label="Arrivals ×"
        value={overrides.arrivalMultiplier}
        min={0}
        step={0.05}
        onChange={(v) => onChange({ ...overrides, arrivalMultiplier: v })}
      />
      <table>
        <thead>
          <tr>
            <th>Stage</th>
            <th className="num">Capacity</th>
            <th className="num">Duration ×</th>
          </tr>
        </thead>
        <tbody>
          {stages
            .filter((s) => !s.terminal)
            .map((s) => (
              <tr key={s.id}>
                <td>{s.label}</td>
                <td className="num">
                  <input
                    type="number"
                    min={1}
                    step={1}
                    style={{ width: 80 }}
                    aria-label={`Capacity of ${s.label}`}
                    placeholder={s.capacity === undefined ? 'unlimited' : String(s.capacity)}
                    value={overrides.capacity?.[s.id] ?? ''}
                    onChange={(e) =>
                      setStage(s.id, 'capacity', e.target.value === '' ? undefined : Number(e.target.value))
                    }
                  />
                </td>
                <td className="num">
                  <input
                    type="number"
                    min={0}
                    step={0.05}
                    style={{ width: 70 }}
                    aria-label={`Duration multiplier of ${s.label}`}
                    placeholder="1"
                    value={overrides.durationMultiplier?.[s.id] ?? ''}
                    onChange={(e) =>
                      setStage(
                        s.id,
                        'durationMultiplier',
                        e.target.value === '' ? undefined : Number(e.target.value),
                      )
                    }
                  />
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </fieldset>
  );
}
