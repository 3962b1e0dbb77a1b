/** Stable codes of the store's typed errors; the API maps each to an HTTP status. */
export type StoreErrorCode =
  | 'case_not_found'
  | 'case_exists'
  | 'illegal_move'
  | 'ambiguous_move'
  | 'out_of_order'
  | 'unknown_stage'
  | 'unknown_event'
  | 'unknown_field'
  | 'invalid_value'
  | 'pii_rejected'
  | 'pathway_not_found'
  | 'client_event_conflict'
  | 'stale_draft'
  | 'migration_unconfirmed'
  | 'token_not_found'
  | 'upload_interrupted'
  | 'upload_unreadable';

/** One typed error for every refusal of the store: a stable code, a message and the offending field path. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** Field path, e.g. `attributes.sex` or `occurredAt`. */
    readonly field?: string,
    /** What would have been valid (current stage, allowed events, ...). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Type guard for StoreError. */
export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
