import type { Kpi } from '../api/analytics.ts';

const fmt = (v: number | null | undefined, unit?: string) => {
  if (v === null || v === undefined) return '–';
  const text = v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return unit === 'percent' ? `${text}%` : unit === 'per_10000' ? `${text} per 10,000` : text;
};

/** The seed's KPIs as tiles; numerator and denominator appear on hover and on keyboard focus. */
export function KpiTiles({ kpis }: { kpis: Kpi[] }) {
  if (kpis.length === 0) return <p className="empty">No KPIs for this period.</p>;
  return (
    <section className="kpis" aria-label="Key performance indicators">
      {kpis.map((k) => (
        <button
          type="button"
          className="kpi"
          key={k.id}
          data-testid={`kpi-${k.id}`}
          aria-describedby={`kpi-tip-${k.id}`}
        >
          <span className="v">{fmt(k.value, k.unit)}</span>
          <span className="l">{k.name}</span>
          <span className="tip" role="tooltip" id={`kpi-tip-${k.id}`}>
            <span className="d">
              {k.numeratorLabel ?? 'numerator'}: <strong>{fmt(k.numerator)}</strong>
            </span>
            {k.denominator !== null && (
              <span className="d">
                {k.denominatorLabel ?? 'denominator'}: <strong>{fmt(k.denominator)}</strong>
              </span>
            )}
            {k.definition && <span className="d">{k.definition}</span>}
          </span>
        </button>
      ))}
    </section>
  );
}
