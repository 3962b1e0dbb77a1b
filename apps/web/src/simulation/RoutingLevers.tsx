import { useState } from 'react';

/** A move whose share of its stage's exits a scenario can scale. */
export interface RoutableMove {
  from: string;
  event: string;
  /** e.g. "Child in need → Early help (step down)". */
  label: string;
}

/** One scaled move: its share x factor, the stage's other moves sharing the rest. */
export interface MoveFactor {
  from: string;
  event: string;
  factor: number;
}

/**
 * Routing levers: pick a move and a % change of its share ("+10% step-downs from child in need to
 * early help"); the stage's other moves are scaled so the shares still add up.
 */
export function RoutingLevers({
  moves,
  value,
  onChange,
}: {
  moves: RoutableMove[];
  value: MoveFactor[];
  onChange: (next: MoveFactor[]) => void;
}) {
  const [picked, setPicked] = useState(0);
  const key = (m: { from: string; event: string }) => `${m.from}.${m.event}`;
  const labelOf = (m: MoveFactor) => moves.find((x) => key(x) === key(m))?.label ?? key(m);
  const setPct = (m: MoveFactor, pct: number | undefined) =>
    onChange(
      pct === undefined
        ? value.filter((x) => key(x) !== key(m))
        : value.map((x) => (key(x) === key(m) ? { ...x, factor: 1 + pct / 100 } : x)),
    );
  return (
    <div className="routing-levers">
      <strong>Routing: share of a move</strong>
      {value.map((m) => (
        <div key={key(m)} className="field-row" style={{ alignItems: 'center' }}>
          <span style={{ flex: 1 }}>{labelOf(m)}</span>
          <input
            type="number"
            step={5}
            min={-100}
            style={{ width: 64 }}
            aria-label={`Change of the share of ${labelOf(m)} (%)`}
            value={Math.round((m.factor - 1) * 1000) / 10}
            onChange={(e) => setPct(m, e.target.value === '' ? undefined : Number(e.target.value))}
          />
          %
          <button type="button" aria-label={`Remove ${labelOf(m)}`} onClick={() => setPct(m, undefined)}>
            ×
          </button>
        </div>
      ))}
      <div className="field-row">
        <select
          aria-label="Move to change"
          value={picked}
          onChange={(e) => setPicked(Number(e.target.value))}
        >
          {moves.map((m, i) => (
            <option key={key(m)} value={i}>
              {m.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => {
            const m = moves[picked];
            if (m && !value.some((x) => key(x) === key(m)))
              onChange([...value, { from: m.from, event: m.event, factor: 1.1 }]);
          }}
        >
          Add +10%
        </button>
      </div>
    </div>
  );
}
