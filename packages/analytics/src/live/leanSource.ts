/** A stay as a raw row: [id, caseId, stage, enteredAt, exitedAt, nextStage, exitEvent, entryEvent]. */
export type LeanStay = readonly [
  number,
  number,
  string,
  number,
  number | null,
  string | null,
  string | null,
  string | null,
];

/**
 * The lean reads a large first load needs (a port: the store's AnalyticsReadRepository fits it):
 * stays without the case join, only record-only events, each case's attributes once, as raw rows.
 */
export interface LeanAnalyticsSource {
  /** Attribute names, in the order caseAttributes rows carry their values after the id. */
  readonly attributeNames: readonly string[];
  stays(afterId: number, limit: number): Promise<readonly LeanStay[]>;
  maxEventId(): Promise<number>;
  recordEvents(
    afterId: number,
    upTo: number,
    limit: number,
    events?: readonly string[],
  ): Promise<{
    rows: readonly (readonly [number, number, string, number])[];
    missing: readonly number[];
    scannedTo: number;
  }>;
  caseAttributes(ids: readonly number[]): Promise<readonly (readonly [number, ...(string | null)[]])[]>;
  caseAttributesRange(
    afterId: number,
    upTo: number,
    limit: number,
  ): Promise<readonly (readonly [number, ...(string | null)[]])[]>;
}
