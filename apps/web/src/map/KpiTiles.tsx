import { useState } from 'react';
import type { Kpi as ApiKpi } from '@continuum/contracts';
import { figureText, isSuppressed, SUPPRESSION_HINT } from './suppressedFigure.ts';

/** A KPI as the tiles show it: any API KPI, or one without labels (then "numerator"/"denominator"). */
export type KpiTile = Omit<ApiKpi, 'unit' | 'numeratorLabel' | 'denominatorLabel' | 'definition'> & {
  unit: ApiKpi['unit'] | string;
  numeratorLabel?: string;
  denominatorLabel?: string | null;
  definition?: string;
};

/** A KPI figure as text: "<5" / "suppressed" where the API hid it, never 0 or blank. */
const fmt = (k: KpiTile, key: 'value' | 'numerator' | 'denominator', unit?: string) =>
  figureText(k, key, k[key], (v) => {
    const text = v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
    return unit === 'percent' ? `${text}%` : text;
  });
/** A denominator is shown when the KPI has one (a hidden one still has a line, marked as hidden). */
const hasDenominator = (k: KpiTile) => k.denominator !== null || isSuppressed(k, 'denominator');

/** The numbers a KPI is made of, in words: what is counted over what. */
export function kpiParts(k: KpiTile): string {
  const top = `${k.numeratorLabel ?? 'numerator'}: ${fmt(k, 'numerator')}`;
  const parts = hasDenominator(k)
    ? `${top}; ${k.denominatorLabel ?? 'denominator'}: ${fmt(k, 'denominator')}`
    : top;
  return k.suppressed ? `${parts}. ${SUPPRESSION_HINT}` : parts;
}

/**
 * The seed's KPIs as a strip of tiles; numerator and denominator appear on hover and on keyboard
 * focus (a fixed tooltip, so the scrolling strip cannot clip it) and in each tile's description.
 */
export function KpiTiles({ kpis }: { kpis: KpiTile[] }) {
  const [tip, setTip] = useState<{ kpi: KpiTile; x: number; y: number } | null>(null);
  if (kpis.length === 0) return <p className="empty">No KPIs for this period.</p>;
  const show = (kpi: KpiTile) => (e: { currentTarget: HTMLElement }) => {
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
            {fmt(k, 'value', k.unit)}
            {k.unit === 'per_10000' && <small> per 10,000</small>}
          </span>
          <span className="l">{k.name}</span>
        </button>
      ))}
      {tip && (
        <div className="kpi-tip" role="tooltip" data-testid="kpi-tip" style={{ left: tip.x, top: tip.y }}>
          <strong>{tip.kpi.name}</strong>
          <span>
            {tip.kpi.numeratorLabel ?? 'numerator'}: <strong>{fmt(tip.kpi, 'numerator')}</strong>
          </span>
          {hasDenominator(tip.kpi) && (
            <span>
              {tip.kpi.denominatorLabel ?? 'denominator'}: <strong>{fmt(tip.kpi, 'denominator')}</strong>
            </span>
          )}
          {tip.kpi.suppressed && <span className="d">{SUPPRESSION_HINT}</span>}
          {tip.kpi.definition && <span className="d">{tip.kpi.definition}</span>}
        </div>
      )}
    </section>
  );
}
