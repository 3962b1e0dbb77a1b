export * from './calendar/dayNumber.ts';
export {
  createWorkingCalendar,
  type WorkingCalendar,
  type WorkingCalendarOptions,
} from './calendar/WorkingCalendar.ts';
export {
  calendarFor,
  holidayData,
  CALENDAR_NAMES,
  type CalendarName,
  type HolidayData,
} from './calendar/calendars.ts';
export { deadlineOf } from './calendar/timescale.ts';
export { pathwayCalendar } from './calendar/pathwayCalendar.ts';
export { IntervalIndex, OPEN, NONE, type IndexedStay } from './columnar/IntervalIndex.ts';
export {
  indexFromIntervals,
  dayOf,
  type StageInterval,
  type RecordedEvent,
} from './columnar/fromIntervals.ts';
export { type AnalyticsQuery, AnalyticsQueryError, caseMask, checkQuery } from './query.ts';
export { statsOf, nearestRank, type DurationStats } from './map/durationStats.ts';
export {
  processMap,
  MAP_DEFINITIONS,
  type ProcessMap,
  type StageFigures,
  type TransitionFigures,
  type StageTimescale,
} from './map/processMap.ts';
export { overdueCases, type OverdueCase, type OverdueList } from './timescales/overdueCases.ts';
export { computeKpis, type Kpi, type KpiOptions, type KpiReport } from './kpis/kpis.ts';
export { suppress, isSmallCount, type SuppressionStatus } from './publish/suppress.ts';
export {
  buildPublication,
  PUBLICATION_RULES,
  type Publication,
  type PublishedFigure,
} from './publish/publication.ts';
export { publicationToCsv } from './publish/toCsv.ts';
export {
  SUPPRESSION_POLICY,
  suppressAggregates,
  type SuppressedAggregates,
  type Suppressible,
  type SuppressionMark,
  type SuppressionNotice,
} from './publish/suppressionPolicy.ts';
export {
  LiveIndex,
  type AnalyticsSource,
  type LiveIndexOptions,
  type StoreIntervalRow,
  type StoreEventRow,
} from './live/LiveIndex.ts';
export {
  worklist,
  MAX_DUE_WITHIN_DAYS,
  type Worklist,
  type WorklistItem,
  type WorklistQuery,
  type WorklistStageAgeing,
} from './worklist/worklist.ts';
export { AGEING_BUCKETS } from './worklist/ageingBuckets.ts';
export {
  suppressWorklist,
  type SuppressedWorklist,
  type SuppressedWorklistStage,
} from './worklist/suppressWorklist.ts';
