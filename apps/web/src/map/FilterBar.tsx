import { CLOSED_CODE_LISTS } from '@continuum/machines';
import { type FormEvent, useState } from 'react';
import type { MapQuery } from '../api/analytics.ts';

/**
 * Coded attributes a manager can filter by (DOMAIN.md), with suggested codes where the list is
 * closed (the store's own lists, so `sex` offers male and female, not a guess such as F).
 */
export const filterAttributes: Record<string, readonly string[]> = {
  age_band: CLOSED_CODE_LISTS.age_band ?? [],
  sex: CLOSED_CODE_LISTS.sex ?? [],
  primary_need: CLOSED_CODE_LISTS.primary_need ?? [],
  abuse_category: [],
  legal_status: [],
  placement_type: [],
  referral_source: [],
};

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** A period ending on `to` and reaching back a number of days. */
export const periodBack = (to: string, days: number): { from: string; to: string } => {
  const end = new Date(`${to}T00:00:00Z`);
  return { from: iso(new Date(end.getTime() - (days - 1) * 86_400_000)), to };
};

/** Period and attribute filter for the map; applied together so one request serves each change. */
export function FilterBar({ value, onApply }: { value: MapQuery; onApply: (q: MapQuery) => void }) {
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const first = Object.entries(value.filters)[0];
  const [attribute, setAttribute] = useState(first?.[0] ?? '');
  const [codes, setCodes] = useState(first?.[1].join(',') ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const list = codes
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    // Said here rather than sent: the answer would be an error over figures of zero, or, with the
    // codes left blank, unfiltered figures read as filtered.
    if (from > to) return setProblem('From is after To: choose a period that starts before it ends.');
    if (attribute && list.length === 0)
      return setProblem(`Enter at least one code for ${attribute}, or choose (all cases).`);
    setProblem(null);
    onApply({ from, to, filters: attribute ? { [attribute]: list } : {} });
  };
  const preset = (days: number) => {
    const p = periodBack(to, days);
    setFrom(p.from);
    onApply({ ...value, from: p.from, to: p.to });
  };
  return (
    <form className="toolbar" onSubmit={submit} aria-label="Map filters">
      <label>
        From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
      </label>
      <label>
        To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
      </label>
      <button type="button" onClick={() => preset(28)}>
        4 weeks
      </button>
      <button type="button" onClick={() => preset(91)}>
        3 months
      </button>
      <button type="button" onClick={() => preset(365)}>
        12 months
      </button>
      <span className="sep" />
      <label>
        Attribute{' '}
        <select value={attribute} onChange={(e) => setAttribute(e.target.value)}>
          <option value="">(all cases)</option>
          {Object.keys(filterAttributes).map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        is one of{' '}
        <input
          value={codes}
          onChange={(e) => setCodes(e.target.value)}
          style={{ width: 150 }}
          placeholder={(filterAttributes[attribute] ?? []).slice(0, 2).join(',') || 'codes, comma separated'}
          list="filter-codes"
          disabled={!attribute}
        />
        <datalist id="filter-codes">
          {(filterAttributes[attribute] ?? []).map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </label>
      <button type="submit" className="primary">
        Apply
      </button>
      {problem && (
        <span role="alert" className="filter-problem" data-testid="filter-problem">
          {problem}
        </span>
      )}
    </form>
  );
}
