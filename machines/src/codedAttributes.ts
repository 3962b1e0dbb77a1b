/**
 * The coded case attributes DOMAIN.md allows (DfE-style codes only). Shared by the store, which keeps
 * one column per attribute and refuses any other field, and the importers and exporters.
 */
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

/** The name of one coded attribute. */
export type CodedAttribute = (typeof CODED_ATTRIBUTES)[number];
