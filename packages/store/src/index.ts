export { openStore, type OpenStoreOptions } from './openStore.ts';
export type { Store, DatabaseKind } from './store.ts';
export { migrateToLatest } from './migrate.ts';
export type { WriteGate } from './engines/WriteGate.ts';
export {
  type JobQueue,
  type JobHandler,
  type JobWorker,
  type JobState,
  type RunningJob,
  type EnqueueOptions,
  type JobWorkerOptions,
  JobWorkerStoppedError,
} from './jobs/JobQueue.ts';
export {
  ImportJobRepository,
  UPLOAD_INTERRUPTED,
  type ImportCounts,
  type ImportFile,
  type ImportJobFormat,
  type ImportJobRecord,
  type ImportJobSummary,
  type ImportStatus,
} from './jobs/ImportJobRepository.ts';
export * from './schema.ts';
export type { CaseRecord, CaseEventRecord, StageIntervalRecord } from './repositories/rows.ts';
export {
  PathwayRepository,
  isUniqueViolation,
  type PathwayVersion,
  type PathwayDraft,
  type RebaseStrategy,
  type PathwaySummary,
} from './repositories/PathwayRepository.ts';
export { CaseRepository, type CaseTimeline, type EventWithCase } from './repositories/CaseRepository.ts';
export {
  IntervalRepository,
  type CalibrationStay,
  type IntervalWithCase,
  type IntervalScanOptions,
} from './repositories/IntervalRepository.ts';
export {
  AnalyticsReadRepository,
  type StayTuple,
  type RecordEventTuple,
  type CaseAttributesTuple,
  type RecordEventWindow,
} from './repositories/AnalyticsReadRepository.ts';
export {
  TokenRepository,
  ROLES,
  hashToken,
  type Role,
  type ApiToken,
  type TokenStatus,
} from './repositories/TokenRepository.ts';
export { tokenView, type TokenView } from './repositories/tokenView.ts';
export { issueToken, type TokenActor } from './tokens/issueToken.ts';
export { revokeToken } from './tokens/revokeToken.ts';
export { AuditRepository, type AuditEntry, type AuditInput } from './repositories/AuditRepository.ts';
export { SettingsRepository } from './repositories/SettingsRepository.ts';
export { parseExpiresIn } from './repositories/parseExpiresIn.ts';
export {
  keyFingerprint,
  checkHmacKey,
  HmacKeyMismatchError,
  HMAC_FINGERPRINT_SETTING,
} from './anonymise/keyFingerprint.ts';
export { CaseIdCodec, caseIdCodecFor } from './anonymise/CaseIdCodec.ts';
export { StoreError, isStoreError, type StoreErrorCode } from './errors.ts';
export { parseTime, isoOf } from './time.ts';
export { loadOrCreateHmacKey, HMAC_KEY_FILE } from './anonymise/hmacKey.ts';
export { pseudonymise } from './anonymise/pseudonymise.ts';
export { detectPii, isNhsNumber } from './anonymise/detectPii.ts';
export {
  parseAttributes,
  parseAttributeValue,
  parseClientEventId,
  isCodedAttribute,
  emptyAttributes,
  ATTRIBUTE_VALUES,
} from './anonymise/parseAttributes.ts';
export { CaseService, type OpenCaseInput, type MoveCaseInput } from './cases/CaseService.ts';
export { storedPositions, type ChildPosition } from './cases/storedPositions.ts';
export {
  moveCasesToVersion,
  VERSION_MOVE_EVENT,
  type MoveCasesToVersionInput,
  type VersionMoveReport,
} from './cases/moveCasesToVersion.ts';
export type { CaseWriteResult, Actor } from './cases/CaseWriter.ts';
export { planMove, type MovePlan, type CaseState, type MoveRequest } from './cases/planMove.ts';
export { ingestEvents, ingestPathway, type IngestOptions } from './ingest/ingestEvents.ts';
export {
  csvRows,
  ndjsonRows,
  csvBatches,
  emptyLog,
  ndjsonBatches,
  eachRow,
  type RawRow,
  type ChunkSource,
} from './ingest/rowSources.ts';
export type { IngestReport, RejectedRow } from './ingest/IngestReport.ts';
export {
  SimulationRepository,
  HEARTBEAT_MS,
  STALE_AFTER_MS,
  staleRunError,
  type RunKind,
  type RunStatus,
  type RunRecord,
  type ScenarioRecord,
} from './repositories/SimulationRepository.ts';
