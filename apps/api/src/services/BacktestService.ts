import type { BacktestResponse, BacktestRunResponse } from '@continuum/contracts';
import type { SimulationRepository, Store } from '@continuum/store';
import { BACKTEST_JOB, prepareBacktest } from './BacktestJob.ts';
import type { CalibrationSource } from './CalibrationSource.ts';
import type { SimulationRunner } from './SimulationRunner.ts';
import type { BacktestRequest } from './simulationSchemas.ts';

/**
 * Backtests a pathway version against its own record (calibrate on the stays before T, simulate
 * from the caseload open at T, compare with what happened), as a job like a simulation run: the
 * request is checked here, then recorded and queued by the runner under the same limits (size in
 * replication-years, runs per token and per instance) and run by any worker (BacktestJob). Status,
 * progress, result and cancel go through the shared tables, so any instance serves them.
 */
export class BacktestService {
  constructor(
    private readonly store: Store,
    private readonly calibrations: CalibrationSource,
    private readonly runner: SimulationRunner,
    /** The backtests' rows (a SimulationRepository of kind `backtest`). */
    private readonly runs: SimulationRepository,
  ) {}

  /**
   * Checks a backtest (SimulationRequestError: unknown pathway, no data, T outside the data;
   * SimulationLimitError: too large, too many running), records it with its version resolved and
   * queues it; returns its id and the version it backtests. Nothing is recorded or queued when it
   * is refused.
   */
  async start(
    request: BacktestRequest,
    by: string | null,
    tokenId = 0,
  ): Promise<{ id: string; version: number }> {
    // The size is known from the request: refuse an oversized one before reading every stay.
    const prepared = await prepareBacktest(this.store, this.calibrations, request, () =>
      this.runner.admission.checkSize((request.replications * request.months) / 12),
    );
    const { version } = prepared;
    const id = await this.runner.submit(
      BACKTEST_JOB,
      {
        pathwayId: version.pathwayId,
        version: version.version,
        total: request.replications,
        // A retry, or a worker starting it after a later version was published, runs the same backtest.
        request: { ...request, version: version.version },
        by,
      },
      tokenId,
    );
    return { id, version: version.version };
  }

  /**
   * A backtest as any instance sees it, or undefined: `queued` while its job waits for a worker
   * (never started, or handed back to be started again), then as its row says.
   */
  async get(id: string, withResult = true): Promise<BacktestRunResponse | undefined> {
    const run = await this.runs.getRun(id, withResult);
    if (!run) return undefined;
    const waiting =
      run.status === 'running' &&
      (run.attempt === null || (await this.store.jobs.status(id))?.state === 'queued');
    return {
      ...run,
      status: waiting ? 'queued' : run.status,
      result: run.result as BacktestResponse | null,
      links: { self: `/api/backtests/${id}` },
    };
  }

  /** Cancels a queued or running backtest (any instance's worker stops it); false when none is. */
  cancel(id: string): Promise<boolean> {
    return this.runner.cancel(id, BACKTEST_JOB);
  }

  /** Deletes an ended backtest; false when none has this id (or it has not ended). */
  delete(id: string): Promise<boolean> {
    return this.runs.deleteRun(id);
  }
}
