export { Engine, type EngineOptions, type InitialCase } from './Engine.ts';
export { EventQueue } from './EventQueue.ts';
export { WorkerPool, workerPool } from './WorkerPool.ts';
export { buildSimModel, timescaleToDays, toCompiled, type SimModel } from './SimModel.ts';
export { runReplication, type RunSettings } from './runReplication.ts';
export { SCALAR, NSCALAR, type ScalarName, type ReplicationResult } from './ReplicationResult.ts';
export { createStreams, type Rng } from './rng.ts';
export {
  toSpec,
  sample,
  meanOf,
  cdf,
  normalQuantile,
  normalCdf,
  type DurationSpec,
} from './distributions.ts';
export { SimulationInputError, SimulationCancelledError, type SimulationProblem } from './errors.ts';
export {
  simulateEventLog,
  eventLogCsv,
  type EventLogOptions,
  type EventLogRow,
} from './simulateEventLog.ts';
export { defaultAttributeMix, type AttributeMix } from './attributeMix.ts';
export { Aggregator, type AggregateResult, type Band, type StageResult } from './Aggregator.ts';
export { summarise, tQuantile, percentile, type Stat } from './stats.ts';
export { runReplications, defaultWorkers, type PoolOptions } from './runReplications.ts';
export {
  runSimulation,
  prepareRun,
  describe as describeRun,
  RESULT_NOTES,
  type SimulationOptions,
  type SimulationResult,
  type PreparedRun,
  type LiveCase,
} from './runSimulation.ts';
export {
  applyScenario,
  scaleDuration,
  type Scenario,
  type WeightOverride,
  type NewStage,
} from './applyScenario.ts';
export { compareScenario, type ScenarioComparison, type StageDifference } from './compareScenario.ts';
export {
  calibrate,
  type CalibrationOptions,
  type CalibrationResult,
  type IntervalRecord,
  type StageCalibration,
} from './calibrate.ts';
export { fitReport, type FitReport, type StageFit } from './fitReport.ts';
export { intervalsFromEventLog } from './intervalsFromEventLog.ts';
export { kaplanMeier, kmQuantile, type SurvivalFit } from './kaplanMeier.ts';
export { lognormalMle } from './lognormalMle.ts';
export { offeredLoad, withCapacitiesAt, type StageLoad } from './offeredLoad.ts';
