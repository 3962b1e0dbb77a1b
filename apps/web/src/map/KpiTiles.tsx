import type { Kpi as ApiKpi } from '@continuum/contracts';
import { useState } from 'react';
import { type KpiPeriod, readableRate } from './readableRate.ts';
import { figureText, isSuppressed, SUPPRESSION_HINT } from './suppressedFigure.ts';

/** A KPI as the tiles show it: any API KPI, or one without labels (then "numerator"/"denominator"). */
export type KpiTile = Omit<
  ApiKpi,
  'unit' | 'numeratorLabel' | 'denominatorLabel' | 'definition' | 'measured'
> & {
  unit: ApiKpi['unit'] | string;
  numeratorLabel?: string;
  denominatorLabel?: string | null;
  definition?: string;
  measured?: ApiKpi['measured'];
};

/** A KPI's baseline and target where the pathway sets them, in the KPI's own unit. */
export interface KpiBenchmark {
  baseline?: number;
  target?: number;
}

const number = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const withUnit = (unit: string) => (v: number) => (unit === 'percent' ? `${number(v)}%` : number(v));
/** A KPI figure as text: "<5" / "suppressed" where the API hid it, never 0 or blank. */
const fmt = (k: KpiTile, key: 'value' | 'numerator' | 'denominator', unit?: string) =>
  figureText(k, key, k[key], withUnit(unit ?? 'count'));
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
 * The seed's KPIs as tiles that wrap (first row shown, "Show all" for the rest): each with its
 * value (rates per 10,000 of the period's events annualised), what period it covers, numerator
 * over denominator, the pathway's baseline and target where set, and its definition on hover,
 * keyboard focus or "Definition".
 */
export function KpiTiles({
  kpis,
  period,
  benchmarks = {},
}: {
  kpis: KpiTile[];
  period?: KpiPeriod;
  benchmarks?: Record<string, KpiBenchmark>;
}) {
  const [tip, setTip] = useState<{ kpi: KpiTile; x: number; y: number } | null>(null);
  const [all, setAll] = useState(false);
  if (kpis.length === 0) return <p className="empty">No KPIs for this period.</p>;
  const show = (kpi: KpiTile) => (e: { currentTarget: HTMLElement }) => {
    const r = e.currentTarget.getBoundingClientRect();
    setTip({ kpi, x: Math.min(r.left, window.innerWidth - 300), y: r.bottom + 4 });
  };
  return (
    <section className="kpi-strip" aria-label="Key performance indicators">
      <div className={`kpi-grid${all ? ' all' : ''}`}>
        {kpis.map((k) => {
          const read = period ? readableRate(k, period) : null;
          const value = read ? figureText(k, 'value', read.value, withUnit(k.unit)) : fmt(k, 'value', k.unit);
          const bench = benchmarks[k.id];
          return (
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
                <span data-testid="kpi-value">{value}</span>
                {read?.unitLabel ? (
                  <small> {read.unitLabel}</small>
                ) : (
                  k.unit === 'per_10000' && <small> per 10,000</small>
                )}
              </span>
              <span className="l">{k.name}</span>
              {read && (
                <span className="p" data-testid="kpi-period">
                  {read.periodLabel}
                </span>
              )}
              {k.unit === 'per_10000' && k.value === null && !isSuppressed(k, 'value') && (
                // A rate needs the child population, which the service knows only for all its children.
                <span className="p" data-testid="kpi-no-rate">
                  no rate: the child population of a filtered group is not known
                </span>
              )}
              <span className="nd" data-testid="kpi-parts">
                {fmt(k, 'numerator')}
                {hasDenominator(k) && ` / ${fmt(k, 'denominator')}`}
                {k.unit === 'per_10000' ? ' children' : ''}
              </span>
              {bench && (bench.baseline !== undefined || bench.target !== undefined) && (
                <span className="b" data-testid="kpi-benchmark">
                  {bench.baseline !== undefined && `baseline ${withUnit(k.unit)(bench.baseline)}`}
                  {bench.baseline !== undefined && bench.target !== undefined && ' · '}
                  {bench.target !== undefined && `target ${withUnit(k.unit)(bench.target)}`}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {kpis.length > 4 && (
        <button type="button" className="kpi-more" onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? 'Show fewer KPIs' : `Show all ${kpis.length} KPIs`}
        </button>
      )}
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
