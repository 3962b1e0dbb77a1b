/** One refused input row: its line, a stable code, the column at fault and why. */
export interface RejectedRow {
  row: number;
  code: string;
  field?: string;
  message: string;
}

/**
 * What a bulk ingest did; the API returns it as JSON. Every input row is counted once:
 * rows = acceptedRows + duplicateRows + rejectedRows + discardedRows.
 */
export interface IngestReport {
  mode: 'atomic' | 'partial';
  /** Whether anything was written (atomic with a rejection: false). */
  committed: boolean;
  rows: number;
  /** Rows written (0 when nothing was committed). */
  acceptedRows: number;
  /** Of acceptedRows: moves the pathway lacks, stored flagged (ingest option outsidePathway 'flag'). */
  outsidePathwayRows: number;
  /** Rows refused, each with a reason in `rejected` (the first 1,000). */
  rejectedRows: number;
  /** Valid rows dropped because their case was rejected (partial) or the ingest rolled back (atomic). */
  discardedRows: number;
  /** Rows skipped because their event_id was already recorded for the case. */
  duplicateRows: number;
  casesCreated: number;
  /** Cases already in the store that gained at least one event (not those whose rows were all duplicates). */
  casesUpdated: number;
  casesRejected: number;
  /** The first 1,000 rejections, in input order. */
  rejected: RejectedRow[];
  /** How many rejections are not listed in `rejected`. */
  rejectedNotListed: number;
  durationMs: number;
}

/** The most rejected rows a report lists in full. */
export const MAX_LISTED_REJECTIONS = 1000;
