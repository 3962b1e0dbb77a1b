import type { ScenarioOverrides } from '../api/simulation.ts';
import { NumberField } from '../ui/fields/fields.tsx';
import { RoutingLevers, type RoutableMove } from './RoutingLevers.tsx';

/** A stage as the parameter panel needs it. */
export interface ParamStage {
  id: string;
  label: string;
  /** Places (capacity, or workers x caseload per worker); undefined = unlimited. */
  capacity?: number;
  terminal?: boolean;
}

type StageKey = 'capacity' | 'capacityMultiplier' | 'durationMultiplier';

/**
 * The scenario's levers; blank means "as in the baseline": demand (x and trend % a year), per stage
 * capacity (absolute places or a % change) and durations (x), and routing (a move's share, e.g. 10%
 * more step-downs from child in need to early help). Several at once.
 */
export function ParameterPanel({
  stages,
  moves = [],
  overrides,
  onChange,
  disabled,
}: {
  stages: ParamStage[];
  /** Moves whose share the routing lever can scale. */
  moves?: RoutableMove[];
  overrides: ScenarioOverrides;
  onChange: (next: ScenarioOverrides) => void;
  disabled?: boolean;
}) {
  const setStage = (id: string, key: StageKey, value: number | undefined) => {
    const map = { ...(overrides[key] ?? {}) };
    if (value === undefined) delete map[id];
    else map[id] = value;
    const next = { ...overrides, [key]: map };
    if (Object.keys(map).length === 0) delete next[key];
    onChange(next);
  };
  const without = <K extends keyof ScenarioOverrides>(key: K, value: ScenarioOverrides[K] | undefined) => {
    const next = { ...overrides, [key]: value };
    if (value === undefined) delete next[key];
    return next;
  };
  const number = (text: string) => (text === '' ? undefined : Number(text));
  const trend = overrides.arrivalTrendPerYear;
  return (
    <fieldset disabled={disabled} style={{ display: 'flex', flexDirection: 'column', gap: 8, minWidth: 0 }}>
      <legend>Levers (blank: as in the baseline)</legend>
      <NumberField
        label="Arrivals ×"
        value={overrides.arrivalMultiplier}
        min={0}
        step={0.05}
        onChange={(v) => onChange(without('arrivalMultiplier', v))}
      />
      <NumberField
        label="Demand trend (% a year)"
        value={trend === undefined ? undefined : Math.round(trend * 1000) / 10}
        step={1}
        onChange={(v) => onChange(without('arrivalTrendPerYear', v === undefined ? undefined : v / 100))}
      />
      <table className="lever-table" style={{ width: '100%', tableLayout: 'fixed', fontSize: 13 }}>
        <colgroup>
          <col />
          <col style={{ width: 66 }} />
          <col style={{ width: 50 }} />
          <col style={{ width: 50 }} />
        </colgroup>
        <thead>
          <tr>
            <th>Stage</th>
            <th className="num" title="Places: concurrent cases the stage can hold">
              Places
            </th>
            <th className="num" title="Change of places, %">
              ±%
            </th>
            <th className="num" title="Stays multiplied by">
              Stay ×
            </th>
          </tr>
        </thead>
        <tbody>
          {stages
            .filter((s) => !s.terminal)
            .map((s) => {
              const k = overrides.capacityMultiplier?.[s.id];
              return (
                <tr key={s.id}>
                  <td>{s.label}</td>
                  <td className="num">
                    <input
                      type="number"
                      min={1}
                      step={1}
                      style={{ width: '100%', boxSizing: 'border-box', padding: '2px 3px', fontSize: 13 }}
                      aria-label={`Capacity of ${s.label}`}
                      placeholder={s.capacity === undefined ? '∞' : String(s.capacity)}
                      title={
                        s.capacity === undefined
                          ? 'Unlimited in the baseline'
                          : `${s.capacity} places in the baseline`
                      }
                      value={overrides.capacity?.[s.id] ?? ''}
                      onChange={(e) => setStage(s.id, 'capacity', number(e.target.value))}
                    />
                  </td>
                  <td className="num">
                    <input
                      type="number"
                      step={5}
                      min={-95}
                      style={{ width: '100%', boxSizing: 'border-box', padding: '2px 3px', fontSize: 13 }}
                      disabled={s.capacity === undefined && overrides.capacity?.[s.id] === undefined}
                      title={
                        s.capacity === undefined ? 'Unlimited in the baseline: give places first' : undefined
                      }
                      aria-label={`Capacity change of ${s.label} (%)`}
                      placeholder="0"
                      value={k === undefined ? '' : Math.round((k - 1) * 1000) / 10}
                      onChange={(e) => {
                        const pct = number(e.target.value);
                        setStage(s.id, 'capacityMultiplier', pct === undefined ? undefined : 1 + pct / 100);
                      }}
                    />
                  </td>
                  <td className="num">
                    <input
                      type="number"
                      min={0}
                      step={0.05}
                      style={{ width: '100%', boxSizing: 'border-box', padding: '2px 3px', fontSize: 13 }}
                      aria-label={`Duration multiplier of ${s.label}`}
                      placeholder="1"
                      value={overrides.durationMultiplier?.[s.id] ?? ''}
                      onChange={(e) => setStage(s.id, 'durationMultiplier', number(e.target.value))}
                    />
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {moves.length > 0 && (
        <RoutingLevers
          moves={moves}
          value={overrides.weightMultipliers ?? []}
          onChange={(list) => onChange(without('weightMultipliers', list.length > 0 ? list : undefined))}
        />
      )}
    </fieldset>
  );
}
