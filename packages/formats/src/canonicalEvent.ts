/** Coded attributes a canonical event may carry (DOMAIN.md); anything else is refused upstream. */
export const CODED_ATTRIBUTES = [
  'age_band',
  'sex',
  'primary_need',
  'abuse_category',
  'legal_status',
  'placement_type',
  'referral_source',
  'closure_reason',
  'activity',
] as const;

/** One coded attribute name. */
export type CodedAttribute = (typeof CODED_ATTRIBUTES)[number];

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
