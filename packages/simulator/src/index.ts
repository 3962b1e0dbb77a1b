export {
  SimulationEngine,
  type SimulationEngineOptions,
  type InitialCase,
} from './engine/SimulationEngine.ts';
export { EventQueue } from './engine/EventQueue.ts';
export { WorkerPool, workerPool } from './run/WorkerPool.ts';
export {
  buildSimModel,
  timescaleToDays,
  toCompiled,
  type PathwayInput,
  type SimModel,
} from './engine/SimModel.ts';
export { runReplication, type RunSettings } from './run/runReplication.ts';
export { SCALAR, NSCALAR, type ScalarName, type ReplicationResult } from './engine/ReplicationResult.ts';
export { createStreams, type Rng } from './engine/rng.ts';
export {
  toSpec,
  sample,
  meanOf,
  cdf,
  normalQuantile,
  normalCdf,
  type DurationSpec,
} from './engine/distributions.ts';
export { SimulationInputError, SimulationCancelledError, type SimulationProblem } from './errors.ts';
export {
  simulateEventLog,
  eventLogCsv,
  type EventLogOptions,
  type EventLogRow,
} from './synthetic/simulateEventLog.ts';
export { defaultAttributeMix, type AttributeMix } from './engine/attributeMix.ts';
export { Aggregator, type AggregateResult, type Band, type StageResult } from './run/Aggregator.ts';
export { summarise, tQuantile, percentile, type Stat } from './run/stats.ts';
export { runReplications, defaultWorkers, type PoolOptions } from './run/runReplications.ts';
export {
  runSimulation,
  prepareRun,
  describe as describeRun,
  RESULT_NOTES,
  CAPACITY_BOUND_SHARE,
  type StageCapacity,
  type SimulationOptions,
  type SimulationResult,
  type PreparedRun,
  type LiveCase,
} from './run/runSimulation.ts';
export {
  applyScenario,
  scaleDuration,
  type Scenario,
  type NewStage,
} from './scenario/applyScenario.ts';
export type { WeightOverride } from './scenario/applyWeight.ts';
export type { WeightMultiplier } from './scenario/scaleMoveShare.ts';
export { BaselineCache } from './scenario/BaselineCache.ts';
export {
  compareScenario,
  type ScenarioComparison,
  type StageDifference,
} from './scenario/compareScenario.ts';
export {
  calibrate,
  type CalibrationOptions,
  type CalibrationResult,
  type IntervalRecord,
  type StageCalibration,
} from './calibration/calibrate.ts';
export { fitReport, type FitReport, type StageFit } from './calibration/fitReport.ts';
export { intervalsFromEventLog } from './calibration/intervalsFromEventLog.ts';
export { kaplanMeier, kmQuantile, type SurvivalFit } from './calibration/kaplanMeier.ts';
export { lognormalMle } from './calibration/lognormalMle.ts';
export { offeredLoad, withCapacitiesAt, type StageLoad } from './scenario/offeredLoad.ts';
export { stageCapacity } from './engine/stageCapacity.ts';
export { capacityReport, CAPACITY_WINDOW_DAYS, type CapacityReport } from './calibration/capacityReport.ts';
export {
  backtest,
  BACKTEST_MONTH_DAYS,
  BACKTEST_MIN_STOCK,
  type BacktestOptions,
  type BacktestResult,
  type BacktestStage,
} from './backtest/backtest.ts';
export { censorIntervals } from './backtest/censorIntervals.ts';
export { observedSeries, type ObservedSeries } from './backtest/observedSeries.ts';
export { simulationTable, type SimulationTableName } from './report/simulationTable.ts';
export { backtestTable } from './report/backtestTable.ts';
export type { ReportTable } from './report/reportTable.ts';
export { backtestWindow } from './backtest/backtestWindow.ts';
