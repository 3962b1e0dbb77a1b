import { isCodedAttribute, parseAttributeValue, parseClientEventId } from '../anonymise/parseAttributes.ts';
import { StoreError } from '../errors.ts';
import type { CodedAttribute, CodedAttributes } from '../schema.ts';
import { parsePastTime } from '../time.ts';
import { unknownNameError } from './unknownNameError.ts';

const BASE_COLUMNS = new Set(['case_ref', 'stage', 'entered_at', 'event', 'event_id']);

/** One row's checked values (the checker reuses one object: read it before checking the next row). */
export interface CheckedRow {
  stage: string;
  at: number;
  event: string | null;
  eventId: string | null;
  /** Coded attributes the row sets (undefined when none). */
  attrs: Partial<CodedAttributes> | undefined;
}

/**
 * Checks a row's own values, before any case is looked at: known columns only, coded attribute
 * values, a stage, a time, an optional event and event id. Throws StoreError naming the field.
 * Columns are checked once per CSV header; attribute values are remembered (few distinct values).
 */
export class RowChecker {
  private readonly row: CheckedRow = { stage: '', at: 0, event: null, eventId: null, attrs: undefined };
  private readonly attrCache = new Map<string, string | null | StoreError>();
  private checkedHeader: readonly string[] | undefined;
  private checkedColumns: readonly CodedAttribute[] = [];

  /** `now`: the ingest's clock (epoch ms) when it began; rows dated after it are refused. */
  constructor(private readonly now: number = Date.now()) {}

  /** Checks one row (`header`: its CSV header, the same array for every row of one file). */
  check(values: Record<string, unknown>, header: readonly string[] | undefined): CheckedRow {
    let columns: readonly CodedAttribute[];
    if (header !== undefined && header === this.checkedHeader) columns = this.checkedColumns;
    else {
      columns = attributeColumns(header ?? Object.keys(values));
      if (header !== undefined) {
        this.checkedHeader = header;
        this.checkedColumns = columns;
      }
    }
    let attrs: Partial<CodedAttributes> | undefined;
    for (const key of columns) {
      const v = this.attribute(key, values[key]);
      if (v !== null) {
        attrs ??= {};
        attrs[key] = v;
      }
    }
    const stage = values.stage;
    if (typeof stage !== 'string' || stage === '')
      throw new StoreError('invalid_value', 'stage is required.', 'stage');
    const at = parsePastTime(values.entered_at, 'entered_at', this.now);
    const eventRaw = values.event;
    if (eventRaw !== undefined && eventRaw !== null && typeof eventRaw !== 'string') {
      throw new StoreError('invalid_value', 'event must be a string.', 'event');
    }
    const row = this.row;
    row.stage = stage;
    row.at = at;
    row.event = eventRaw === '' || eventRaw === undefined || eventRaw === null ? null : eventRaw;
    row.eventId = parseClientEventId(values.event_id, 'event_id');
    row.attrs = attrs;
    return row;
  }

  private attribute(name: CodedAttribute, raw: unknown): string | null {
    if (raw === undefined || raw === null || raw === '') return null;
    const key = typeof raw === 'string' ? `${name}\u0000${raw}` : undefined;
    const hit = key === undefined ? undefined : this.attrCache.get(key);
    if (hit !== undefined) {
      if (hit instanceof StoreError) throw hit;
      return hit;
    }
    try {
      const v = parseAttributeValue(name, raw, name);
      if (key && this.attrCache.size < 10_000) this.attrCache.set(key, v);
      return v;
    } catch (error) {
      if (key && error instanceof StoreError && this.attrCache.size < 10_000) this.attrCache.set(key, error);
      throw error;
    }
  }
}

/** The coded-attribute columns of a row; any other unknown column is refused naming it. */
function attributeColumns(keys: readonly string[]): CodedAttribute[] {
  const out: CodedAttribute[] = [];
  for (const key of keys) {
    if (BASE_COLUMNS.has(key)) continue;
    if (!isCodedAttribute(key)) {
      throw unknownNameError(
        'unknown_field',
        key,
        key,
        'is not a column of the event log; only coded attributes are accepted.',
        'column',
      );
    }
    out.push(key);
  }
  return out;
}
