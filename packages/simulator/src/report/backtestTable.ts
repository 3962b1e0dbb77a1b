import type { BacktestResult } from '../backtest/backtest.ts';
import { type ReportTable, reportTable } from './reportTable.ts';

/**
 * A backtest as a table for CSV: `months` (per stage and month: recorded and simulated stock and entries, with
 * the 90% band) or `stages` (per stage: cases open at T, MAPE and band coverage, assessed or not).
 */
export function backtestTable(
  result: BacktestResult,
  table: 'months' | 'stages',
  labels: Record<string, string> = {},
): ReportTable {
  if (table === 'stages')
    return reportTable(
      [
        'stage',
        'label',
        'open_at_t',
        'mean_recorded_stock',
        'stock_mape',
        'entries_mape',
        'stock_coverage',
        'entries_coverage',
        'assessed',
      ],
      result.stages.map((s) => [
        s.stage,
        labels[s.stage] ?? s.stage,
        s.openAtT,
        s.meanActualStock,
        s.stockMape,
        s.entriesMape,
        s.stockCoverage,
        s.entriesCoverage,
        s.assessed,
      ]),
    );
  const rows: (string | number | null)[][] = [];
  for (const s of result.stages)
    result.times.forEach((date, k) => {
      for (const [series, v] of [
        ['stock', s.stock],
        ['entries', s.entries],
      ] as const)
        if (v)
          rows.push([
            s.stage,
            labels[s.stage] ?? s.stage,
            series,
            date,
            v.actual[k]!,
            v.simulated.mean[k]!,
            v.simulated.lo[k]!,
            v.simulated.hi[k]!,
          ]);
    });
  return reportTable(
    ['stage', 'label', 'series', 'month_end', 'recorded', 'simulated_mean', 'band_low_90', 'band_high_90'],
    rows,
  );
}
