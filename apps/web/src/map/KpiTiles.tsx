import { useState } from 'react';
import type { Kpi } from '../api/analytics.ts';

const fmt = (v: number | null | undefined, unit?: string) => {
  if (v === null || v === undefined) return '–';
  const text = v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return unit === 'percent' ? `${text}%` : text;
};

/** The numbers a KPI is made of, in words: what is counted over what. */
export function kpiParts(k: Kpi): string {
  const top = `${k.numeratorLabel ?? 'numerator'}: ${fmt(k.numerator)}`;
  return k.denominator === null
    ? top
    : `${top}; ${k.denominatorLabel ?? 'denominator'}: ${fmt(k.denominator)}`;
}

/**
 * The seed's KPIs as a strip of tiles; numerator and denominator appear on hover and on keyboard
 * focus (a fixed tooltip, so the scrolling strip cannot clip it) and in each tile's description.
 */
export function KpiTiles({ kpis }: { kpis: Kpi[] }) {
  const [tip, setTip] = useState<{ kpi: Kpi; x: number; y: number } | null>(null);
  if (kpis.length === 0) return <p className="empty">No KPIs for this period.</p>;
  const show = (kpi: Kpi) => (e: { currentTarget: HTMLElement }) => {
    const r = e.currentTarget.getBoundingClientRect();
    setTip({ kpi, x: Math.min(r.left, window.innerWidth - 290), y: r.bottom + 4 });
  };
  return (
    <section className="kpis" aria-label="Key performance indicators">
      {kpis.map((k) => (
        <button
          type="button"
          className="kpi"
          key={k.id}
          data-testid={`kpi-${k.id}`}
          aria-description={kpiParts(k)}
          onMouseEnter={show(k)}
          onFocus={show(k)}
          onMouseLeave={() => setTip(null)}
          onBlur={() => setTip(null)}
        >
          <span className="v">
            {fmt(k.value, k.unit)}
            {k.unit === 'per_10000' && <small> per 10,000</small>}
          </span>
          <span className="l">{k.name}</span>
        </button>
      ))}
      {tip && (
        <div className="kpi-tip" role="tooltip" data-testid="kpi-tip" style={{ left: tip.x, top: tip.y }}>
          <strong>{tip.kpi.name}</strong>
          <span>
            {tip.kpi.numeratorLabel ?? 'numerator'}: <strong>{fmt(tip.kpi.numerator)}</strong>
          </span>
          {tip.kpi.denominator !== null && (
            <span>
              {tip.kpi.denominatorLabel ?? 'denominator'}: <strong>{fmt(tip.kpi.denominator)}</strong>
            </span>
          )}
          {tip.kpi.definition && <span className="d">{tip.kpi.definition}</span>}
        </div>
      )}
    </section>
  );
}
