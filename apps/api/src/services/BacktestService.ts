import type { BacktestResponse } from '@continuum/contracts';
import { backtest, backtestWindow, type WorkerPool } from '@continuum/simulator';
import type { Store } from '@continuum/store';
import type { CalibrationSource } from './CalibrationSource.ts';
import { publishedVersion } from './prepareSimulation.ts';
import type { SimulationAdmission } from './SimulationAdmission.ts';
import { SimulationRequestError } from './SimulationRequestError.ts';
import type { BacktestRequest } from './simulationSchemas.ts';

/**
 * Backtests a pathway version against its own record: calibrate on the stays before T, simulate from
 * the caseload open at T on the app's worker pool, compare with what happened. Admitted under the
 * same limits as simulation runs (size in replication-years, runs per token and per instance);
 * answered when done (a backtest of 200 replications x 12 months takes about a second at Jersey scale).
 */
export class BacktestService {
  constructor(
    private readonly store: Store,
    private readonly calibrations: CalibrationSource,
    private readonly admission: SimulationAdmission,
    private readonly pool: WorkerPool,
    private readonly workers?: number,
  ) {}

  /** Runs one backtest (SimulationRequestError: unknown pathway, no data, T outside the data). */
  async run(request: BacktestRequest, tokenId = 0, signal?: AbortSignal): Promise<BacktestResponse> {
    const version = await publishedVersion(this.store, request.pathwayId, request.version);
    // The size is known from the request: refuse an oversized one before reading every stay.
    this.admission.checkSize((request.replications * request.months) / 12);
    const intervals = await this.calibrations.intervals(version);
    if (intervals.length === 0)
      throw new SimulationRequestError(
        'invalid',
        'no_data',
        'There are no recorded cases of this pathway version to backtest against.',
      );
    const at = Date.parse(`${request.at}T00:00:00Z`);
    const { problem } = backtestWindow(intervals, at, request.months);
    if (problem) throw new SimulationRequestError('invalid', problem.code, problem.message, [problem]);
    const slot = this.admission.admit(tokenId);
    try {
      const compiled = this.store.pathways.compiled(version);
      const result = await backtest({
        pathway: compiled,
        intervals,
        at,
        months: request.months,
        replications: request.replications,
        seed: request.seed,
        pool: this.pool,
        ...(this.workers !== undefined ? { workers: this.workers } : {}),
        ...(signal ? { signal } : {}),
        onProgress: (done, total) => slot.progress(total ? done / total : 0),
      });
      return {
        pathwayId: version.pathwayId,
        version: version.version,
        stageLabels: Object.fromEntries(compiled.definition.stages.map((s) => [s.id, s.label])),
        ...result,
      };
    } finally {
      slot.release();
    }
  }
}
