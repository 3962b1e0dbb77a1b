import { CODED_ATTRIBUTES, type CodedAttribute } from '@continuum/machines';

/** Re-exported so callers of this package need not know the list lives in the pathway core. */
export { CODED_ATTRIBUTES, type CodedAttribute };

/**
 * One row of the canonical event log, the single interchange form between importers, the
 * simulator, the store and the exporters. `event` is empty on a case's first row (it opens there).
 */
export interface CanonicalEvent {
  case_ref: string;
  stage: string;
  /** ISO 8601 date or date-time, UTC. */
  entered_at: string;
  event: string;
  event_id?: string;
  attributes?: Partial<Record<CodedAttribute, string>>;
}
