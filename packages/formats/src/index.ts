export { CODED_ATTRIBUTES, type CanonicalEvent, type CodedAttribute } from './canonicalEvent.ts';
export {
  importAnnexA,
  type AnnexAImportOptions,
  type AnnexAImportResult,
  type AnnexAListReport,
} from './annexA/importAnnexA.ts';
export { AnnexAError } from './annexA/readAnnexA.ts';
export type { StoredPosition } from './annexA/buildTimeline.ts';
export { groupByCase, type CaseTrace, type TraceEvent, type StoredEvent } from './caseTrace.ts';
export { writeXes, traceXml, escapeXml, type XesOptions } from './xes/writeXes.ts';
export { writeCsv, csvLine, csvField, csvTableText } from './csv/writeCsv.ts';
export { canonicalCsv, CANONICAL_COLUMNS } from './csv/canonicalCsv.ts';
export { exportLog, type EventSource, type LogFormat } from './exportLog.ts';
export {
  kpisCsv,
  mapCsv,
  KPI_COLUMNS,
  MAP_COLUMNS,
  type KpiReportLike,
  type ProcessMapLike,
} from './csv/analyticsCsv.ts';
export {
  importCinCensus,
  type CinImportOptions,
  type CinImportResult,
  type CinImportReport,
  type CinReportLine,
} from './cinCensus/importCinCensus.ts';
export type { CinFile } from './cinCensus/readCinCensus.ts';
export type { ElementOutcome } from './cinCensus/cinTypes.ts';
export {
  importSsda903,
  type Ssda903File,
  type Ssda903Input,
  type Ssda903ImportOptions,
  type Ssda903ImportResult,
  type Ssda903ImportReport,
  type Ssda903ReportLine,
  type Ssda903TableReport,
} from './ssda903/importSsda903.ts';
export {
  importSsda903Xml,
  type Ssda903XmlElementReport,
  type Ssda903XmlImportResult,
} from './ssda903/importSsda903Xml.ts';
export type { Ssda903XmlFile } from './ssda903/readSsda903Xml.ts';
export { ssda903XmlQualityLines } from './ssda903/ssda903XmlQualityLines.ts';
export type { ContinuationGap } from './continueCase.ts';
export { eventRows, type EventRow } from './eventRows.ts';
export type { OutsidePathway } from './recordedMove.ts';
export {
  annexAQualityLines,
  cinQualityLines,
  continuationGapLines,
  rejectedRowLines,
  ssda903QualityLines,
  qualityReportCsv,
  QUALITY_COLUMNS,
  type QualityLine,
} from './csv/qualityReportCsv.ts';
export { sniffFormat, type SniffedKind } from './sniffFormat.ts';
export {
  readReturnFiles,
  type ReturnFile,
  type ReturnFormat,
  type ReturnRead,
  type ReturnReadOptions,
} from './returns/readReturnFiles.ts';
export { ImportFileError } from './returns/importFileError.ts';
export type { SourceAccount, SourceCounts, SourcePart } from './returns/sourceAccount.ts';
export { importFormatOf } from './returns/importFormatOf.ts';
export type { FileHead, ImportFormat } from './returns/fileHead.ts';
