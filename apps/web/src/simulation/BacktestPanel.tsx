import type { BacktestResponse, BacktestStatus } from '@continuum/contracts';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { cancelBacktest, followBacktest, startBacktest } from '../api/simulation.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { BacktestChart } from './BacktestChart.tsx';
import { toCsv } from '../exports/csv.ts';
import { CsvButton } from './csvDownload.tsx';
import { num } from './format.ts';

const pct = (x: number | null) => (x === null ? '–' : `${num(x * 100, 1)}%`);
const DAY = 86_400_000;

/** Where the backtest this panel started stands (null: none under way). */
type Phase = { status: BacktestStatus; fraction: number } | null;

/** The backtest under way: its id (once the server answered) and the switch that stops following it. */
type UnderWay = { id: string | null; stop: AbortController };

/** Stops following the backtest under way, if any, and asks the server to cancel it. */
function stopBacktest(underWay: RefObject<UnderWay | null>): void {
  const current = underWay.current;
  underWay.current = null;
  if (!current) return;
  current.stop.abort();
  if (current.id) void cancelBacktest(current.id);
}

/**
 * Checks the calibrated baseline against the record: calibrate on the history before T, simulate N
 * months from the cases open at T, compare month by month (MAPE and the share of recorded points
 * inside the 90% band), with a chart per stage. The backtest is a job on the server: the panel
 * starts it, follows its progress to its result (or the server's reason it failed), and can cancel
 * it; leaving the panel cancels a backtest still under way.
 */
export function BacktestPanel({
  pathwayId,
  version,
  dataEnd,
  pollMs,
}: {
  pathwayId: string;
  version: number;
  /** The latest recorded date (ISO): T defaults to 12 months before it. */
  dataEnd: string | undefined;
  /** How often a backtest under way is read, ms (tests shorten it). */
  pollMs?: number;
}) {
  const defaultAt = dataEnd
    ? new Date(Date.parse(dataEnd.slice(0, 10)) - Math.ceil(12 * 30.4375) * DAY).toISOString().slice(0, 10)
    : '';
  const [at, setAt] = useState(defaultAt);
  const [months, setMonths] = useState(12);
  const [replications, setReplications] = useState(200);
  const [result, setResult] = useState<BacktestResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [phase, setPhase] = useState<Phase>(null);
  const underWay = useRef<UnderWay | null>(null);
  // Leaving the panel: nobody will read the result, so the server stops computing it.
  useEffect(() => () => stopBacktest(underWay), []);
  const run = async () => {
    stopBacktest(underWay);
    const current: UnderWay = { id: null, stop: new AbortController() };
    underWay.current = current;
    setPhase({ status: 'queued', fraction: 0 });
    setError(null);
    try {
      current.id = await startBacktest({ pathwayId, version, at: at || defaultAt, months, replications });
      if (current.stop.signal.aborted) {
        void cancelBacktest(current.id);
        return;
      }
      const answer = await followBacktest(
        current.id,
        (fraction, status) => setPhase({ status, fraction }),
        current.stop.signal,
        pollMs,
      );
      setResult(answer);
    } catch (e) {
      if (!current.stop.signal.aborted) setError(e);
    } finally {
      if (underWay.current === current) {
        underWay.current = null;
        setPhase(null);
      }
    }
  };
  const [stage, setStage] = useState('child_in_need');
  const label = (id: string) => result?.stageLabels[id] ?? id;
  const shown = result?.stages.find((s) => s.stage === stage) ?? result?.stages.find((s) => s.stock);
  return (
    <section className="backtest" aria-label="Backtest">
      <h2>Backtest: does the calibrated baseline reproduce the record?</h2>
      <p className="hint">
        Calibrates on the record before T, simulates from the cases open at T, and compares month by month
        with what happened. Judged on stages with 20 or more open cases on average.
      </p>
      <div className="field-row" style={{ alignItems: 'flex-end', flexWrap: 'wrap', gap: 12 }}>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          T (calibrate before it, simulate from it)
          <input type="date" value={at || defaultAt} onChange={(e) => setAt(e.target.value)} />
        </label>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          Months
          <input
            type="number"
            min={1}
            max={36}
            step={1}
            style={{ width: 70 }}
            value={months}
            onChange={(e) => setMonths(Number(e.target.value) || 12)}
          />
        </label>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          Replications
          <input
            type="number"
            min={10}
            step={10}
            style={{ width: 80 }}
            value={replications}
            onChange={(e) => setReplications(Number(e.target.value) || 200)}
          />
        </label>
        <button type="button" className="primary" disabled={phase !== null} onClick={run}>
          {phase ? 'Running…' : 'Run backtest'}
        </button>
        {phase && (
          <button
            type="button"
            onClick={() => {
              stopBacktest(underWay);
              setPhase(null);
            }}
          >
            Cancel
          </button>
        )}
      </div>
      {phase && (
        <div className="toolbar" data-testid="backtest-progress">
          <strong>{phase.status === 'queued' ? 'Waiting for a worker' : 'Backtest running'}</strong>
          <div
            className="progressbar"
            role="progressbar"
            aria-label="Backtest progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(phase.fraction * 100)}
          >
            <div style={{ width: `${phase.fraction * 100}%` }} />
          </div>
          <span>{Math.round(phase.fraction * 100)}%</span>
        </div>
      )}
      {error !== null && <ErrorNote error={error} onRetry={run} />}
      {result && (
        <>
          <p data-testid="backtest-summary">
            From {result.at.slice(0, 10)}, {result.months} months, {result.replications} replications: largest
            stock error among judged stages <strong>{pct(result.summary.maxStockMape)}</strong>; recorded
            points inside the 90% band <strong>{pct(result.summary.coverage)}</strong>.
          </p>
          <table data-testid="backtest-table">
            <caption>
              Per stage (MAPE: mean absolute percentage error of the simulated mean against the record){' '}
              <CsvButton
                what="the backtest table"
                filename={`backtest-${result.at.slice(0, 10)}-stages.csv`}
                make={() =>
                  toCsv(
                    [
                      'stage',
                      'label',
                      'open_at_t',
                      'mean_recorded_stock',
                      'stock_mape',
                      'stock_in_band',
                      'entries_mape',
                      'entries_in_band',
                      'judged',
                    ],
                    result.stages.map((s) => [
                      s.stage,
                      label(s.stage),
                      s.openAtT,
                      s.meanActualStock,
                      s.stockMape,
                      s.stockCoverage,
                      s.entriesMape,
                      s.entriesCoverage,
                      s.assessed ? 'yes' : 'no',
                    ]),
                  )
                }
              />
            </caption>
            <thead>
              <tr>
                <th>Stage</th>
                <th className="num">Open at T</th>
                <th className="num">Mean recorded stock</th>
                <th className="num">Stock MAPE</th>
                <th className="num">Stock in band</th>
                <th className="num">Entries MAPE</th>
                <th className="num">Entries in band</th>
                <th>Judged</th>
              </tr>
            </thead>
            <tbody>
              {result.stages.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      onClick={() => setStage(s.stage)}
                      disabled={!s.stock}
                    >
                      {label(s.stage)}
                    </button>
                  </th>
                  <td className="num">{num(s.openAtT, 0)}</td>
                  <td className="num">{num(s.meanActualStock)}</td>
                  <td className="num">{pct(s.stockMape)}</td>
                  <td className="num">{pct(s.stockCoverage)}</td>
                  <td className="num">{pct(s.entriesMape)}</td>
                  <td className="num">{pct(s.entriesCoverage)}</td>
                  <td>{s.assessed ? 'yes' : 'no (small or terminal)'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown?.stock && (
            <>
              <BacktestChart
                title={`${label(shown.stage)}: children in the stage at each month end`}
                times={result.times}
                actual={shown.stock.actual}
                simulated={shown.stock.simulated}
              />
              <CsvButton
                what={`the ${label(shown.stage)} monthly series`}
                filename={`backtest-${result.at.slice(0, 10)}-${shown.stage}.csv`}
                make={() =>
                  toCsv(
                    [
                      'month_end',
                      'recorded_stock',
                      'simulated_mean',
                      'band_low_90',
                      'band_high_90',
                      'recorded_entries',
                      'simulated_entries_mean',
                    ],
                    result.times.map((t, k) => [
                      t,
                      shown.stock!.actual[k],
                      shown.stock!.simulated.mean[k],
                      shown.stock!.simulated.lo[k],
                      shown.stock!.simulated.hi[k],
                      shown.entries.actual[k],
                      shown.entries.simulated.mean[k],
                    ]),
                  )
                }
              />
            </>
          )}
          <ul className="hint">
            {result.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
