import { useState } from 'react';
import { type FitReportView, getFitReport } from '../api/simulation.ts';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { toCsv } from '../exports/csv.ts';
import { CsvButton } from './csvDownload.tsx';
import { num } from './format.ts';

const pct = (x: number | null) => (x === null ? '–' : `${num(x * 100, 1)}%`);

/**
 * The calibration's fit report, beside the backtest: the last recorded year replayed from the stock
 * recorded at its start with the calibrated parameters, compared week by week with the record.
 */
export function FitReportPanel({
  pathwayId,
  version,
  labels,
}: {
  pathwayId: string;
  version: number;
  labels: Record<string, string>;
}) {
  const [fit, setFit] = useState<FitReportView | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const label = (id: string) => labels[id] ?? id;
  return (
    <section aria-label="Calibration fit report" className="fit-report">
      <h2>Fit report: the calibrated baseline over the last recorded year</h2>
      {fit === undefined && (
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              setFit(await getFitReport(pathwayId, version));
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? 'Calculating…' : 'Show the fit report'}
        </button>
      )}
      {error !== null && <ErrorNote error={error} />}
      {fit === null && <p className="hint">No recorded cases to calibrate from.</p>}
      {fit && (
        <table data-testid="fit-report">
          <caption>
            From {fit.startDate.slice(0, 10)}, {fit.weeks} weeks, {fit.replications} replications: mean weekly
            stock, recorded and simulated{' '}
            <CsvButton
              what="the fit report"
              filename="calibration-fit.csv"
              make={() =>
                toCsv(
                  ['stage', 'label', 'recorded_mean', 'simulated_mean', 'relative_error', 'weeks_in_band'],
                  fit.stages.map((s) => [
                    s.stage,
                    label(s.stage),
                    s.historicalMean,
                    s.simulatedMean,
                    s.relativeError,
                    s.coverage,
                  ]),
                )
              }
            />
          </caption>
          <thead>
            <tr>
              <th>Stage</th>
              <th className="num">Recorded</th>
              <th className="num">Simulated</th>
              <th className="num">Error</th>
              <th className="num">Weeks in 90% band</th>
            </tr>
          </thead>
          <tbody>
            {fit.stages.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{label(s.stage)}</th>
                <td className="num">{num(s.historicalMean)}</td>
                <td className="num">{num(s.simulatedMean)}</td>
                <td className="num">{pct(s.relativeError)}</td>
                <td className="num">{pct(s.coverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
