import { type CompiledPathway, NO_MOVE } from '@continuum/machines';
import {
  emptyAttributes,
  isCodedAttribute,
  parseAttributeValue,
  parseClientEventId,
} from '../anonymise/parseAttributes.ts';
import { pseudonymise } from '../anonymise/pseudonymise.ts';
import { StoreError } from '../errors.ts';
import type { CodedAttribute, CodedAttributes } from '../schema.ts';
import type { Store } from '../store.ts';
import { parseTime } from '../time.ts';
import type { CaseRun } from './CaseRun.ts';
import type { IngestSink } from './IngestSink.ts';
import { unknownNameError } from './unknownNameError.ts';
import { type IngestReport, MAX_LISTED_REJECTIONS, type RejectedRow } from './IngestReport.ts';
import { postgresIngestSink } from './postgresIngestSink.ts';
import type { RawRow } from './rowSources.ts';
import { sqliteIngestSink } from './sqliteIngestSink.ts';

/** How an ingest runs. */
export interface IngestOptions {
  /** atomic: any rejected row rolls everything back; partial: keep the cases whose every row is valid. */
  mode: 'atomic' | 'partial';
  /** Key for pseudonymising `case_ref` (see loadOrCreateHmacKey). */
  hmacKey: Buffer;
  /** Pathway new cases open under (its newest version); the newest published pathway when absent. */
  pathwayId?: string | undefined;
}

const BASE_COLUMNS = new Set(['case_ref', 'stage', 'entered_at', 'event', 'event_id']);
// Every SETTLE_EVERY rows, new cases without a row in the last IDLE_ROWS rows are settled (their
// rows written while the log still streams, instead of all at the end).
const SETTLE_EVERY = 20_000;
const IDLE_ROWS = 50_000;

/** Per-pathway lookups the hot loop needs, computed once. */
interface PathwayLookups {
  pathway: CompiledPathway;
  recordOnly: Uint8Array;
  terminal: Uint8Array;
  between: Map<number, string[]>;
  /** `names` codes of the pathway's stages and events, by their index in the compiled pathway. */
  stageCodes: number[];
  eventCodes: number[];
}

/**
 * Streams the canonical event log into the store: every consecutive pair of a case's rows is checked
 * against the compiled pathway's transition table, stays are derived in memory as rows stream by,
 * and the whole ingest runs in one transaction. Returns a row-numbered report.
 */
export async function ingestEvents(
  store: Store,
  rows: AsyncIterable<RawRow | RawRow[]> | Iterable<RawRow | RawRow[]>,
  options: IngestOptions,
): Promise<IngestReport> {
  const version = await store.pathways.latest(options.pathwayId);
  if (!version) {
    throw new StoreError(
      'pathway_not_found',
      `No published pathway${options.pathwayId ? ` "${options.pathwayId}"` : ''}.`,
      'pathwayId',
    );
  }
  const run = () => ingestWith(store, rows, options, version.id);
  return store.write(run);
}

async function ingestWith(
  store: Store,
  rows: AsyncIterable<RawRow | RawRow[]> | Iterable<RawRow | RawRow[]>,
  options: IngestOptions,
  versionId: number,
): Promise<IngestReport> {
  const started = performance.now();
  const sink: IngestSink = store.engine === 'sqlite' ? sqliteIngestSink(store) : postgresIngestSink(store);
  const lookups = new Map<number, PathwayLookups>();
  const lookupsFor = async (id: number): Promise<PathwayLookups> => {
    let l = lookups.get(id);
    if (!l) {
      const v = await store.pathways.getById(id);
      if (!v) throw new StoreError('pathway_not_found', `No pathway version ${id}.`, 'pathwayId');
      const pathway = store.pathways.compiled(v);
      const recordOnly = new Uint8Array(pathway.events.length);
      pathway.events.forEach((e, i) => {
        recordOnly[i] = pathway.definition.recordEvents.includes(e) ? 1 : 0;
      });
      const terminal = new Uint8Array(pathway.stages.length);
      pathway.definition.stages.forEach((s, i) => {
        terminal[i] = s.terminal ? 1 : 0;
      });
      l = {
        pathway,
        recordOnly,
        terminal,
        between: new Map(),
        stageCodes: await store.names.codesOf(pathway.stages),
        eventCodes: await store.names.codesOf(pathway.events),
      };
      lookups.set(id, l);
    }
    return l;
  };
  const main = await lookupsFor(versionId);

  const report: IngestReport = {
    mode: options.mode,
    committed: false,
    rows: 0,
    acceptedRows: 0,
    rejectedRows: 0,
    discardedRows: 0,
    duplicateRows: 0,
    casesCreated: 0,
    casesUpdated: 0,
    casesRejected: 0,
    rejected: [],
    rejectedNotListed: 0,
    durationMs: 0,
  };
  const runs = new Map<string, CaseRun>();
  // Refs of a batch's first-seen cases, pseudonymised for prefetchCases and not yet reached.
  const pseudonyms = new Map<string, string>();
  const prefetch = async (batch: RawRow[], load: (refs: string[]) => Promise<void>) => {
    const fresh: string[] = [];
    for (const { values } of batch) {
      const source = typeof values.case_ref === 'string' ? values.case_ref.trim() : '';
      if (source === '' || runs.has(source) || rejectedRefs.has(source) || pseudonyms.has(source)) continue;
      const ref = pseudonymise(options.hmacKey, source);
      pseudonyms.set(source, ref);
      fresh.push(ref);
    }
    if (fresh.length > 0) await load(fresh);
  };
  // New cases not settled yet (see SETTLE_EVERY).
  const unsettled: CaseRun[] = [];
  const settleIdle = () => {
    let kept = 0;
    for (const x of unsettled) {
      if (x.rejectedAt !== undefined) continue;
      if (report.rows - x.lastRow < IDLE_ROWS) unsettled[kept++] = x;
      else sink.settleCase(x);
    }
    unsettled.length = kept;
  };
  const rejectedRefs = new Map<string, number>();
  const attrCache = new Map<string, string | null | StoreError>();
  let failed = false;
  const writing = () => !failed;
  let checkedHeader: readonly string[] | undefined;
  let checkedColumns: readonly CodedAttribute[] = [];

  const reject = (row: RejectedRow) => {
    report.rejectedRows++;
    if (report.rejected.length < MAX_LISTED_REJECTIONS) report.rejected.push(row);
    else report.rejectedNotListed++;
    if (options.mode === 'atomic') failed = true;
  };
  const rejectCase = (r: CaseRun | undefined, sourceRef: string, line: number) => {
    if (r) {
      if (r.rejectedAt === undefined) {
        r.rejectedAt = line;
        report.discardedRows += r.acceptedRows;
        report.casesRejected++;
      }
    } else if (!rejectedRefs.has(sourceRef)) {
      rejectedRefs.set(sourceRef, line);
      report.casesRejected++;
    }
  };
  const time = (raw: unknown): number => parseTime(raw, 'entered_at');
  const attribute = (name: CodedAttribute, raw: unknown): string | null => {
    if (raw === undefined || raw === null || raw === '') return null;
    const key = typeof raw === 'string' ? `${name}\u0000${raw}` : undefined;
    const hit = key === undefined ? undefined : attrCache.get(key);
    if (hit !== undefined) {
      if (hit instanceof StoreError) throw hit;
      return hit;
    }
    try {
      const v = parseAttributeValue(name, raw, name);
      if (key && attrCache.size < 10_000) attrCache.set(key, v);
      return v;
    } catch (error) {
      if (key && error instanceof StoreError && attrCache.size < 10_000) attrCache.set(key, error);
      throw error;
    }
  };

  try {
    await sink.begin();
    for await (const item of rows) {
      const batch = Array.isArray(item) ? item : [item];
      if (sink.prefetchCases) await prefetch(batch, sink.prefetchCases);
      for (const { line, values, header } of batch) {
        if (++report.rows % SETTLE_EVERY === 0 && writing()) settleIdle();
        if ('__error' in values) {
          reject({ row: line, code: 'invalid_row', message: String(values.__error) });
          continue;
        }
        // Refs are trimmed before pseudonymising, so ' A' and 'A' are the same case here too.
        const sourceRef = typeof values.case_ref === 'string' ? values.case_ref.trim() : values.case_ref;
        let r: CaseRun | undefined;
        try {
          if (typeof sourceRef !== 'string' || sourceRef.trim() === '') {
            throw new StoreError('invalid_value', 'case_ref is required.', 'case_ref');
          }
          r = runs.get(sourceRef);
          const earlier = r ? r.rejectedAt : rejectedRefs.get(sourceRef);
          if (earlier !== undefined) {
            reject({
              row: line,
              code: 'case_rejected',
              field: 'case_ref',
              message: `An earlier row of this case (line ${earlier}) was rejected.`,
            });
            continue;
          }
          // Columns (once per CSV header, per row for NDJSON) and coded values.
          let columns: readonly CodedAttribute[];
          if (header !== undefined && header === checkedHeader) columns = checkedColumns;
          else {
            columns = attributeColumns(header ?? Object.keys(values));
            if (header !== undefined) {
              checkedHeader = header;
              checkedColumns = columns;
            }
          }
          let attrs: Partial<CodedAttributes> | undefined;
          for (const key of columns) {
            const v = attribute(key, values[key]);
            if (v !== null) {
              attrs ??= {};
              attrs[key] = v;
            }
          }
          const stage = values.stage;
          if (typeof stage !== 'string' || stage === '')
            throw new StoreError('invalid_value', 'stage is required.', 'stage');
          const at = time(values.entered_at);
          const eventRaw = values.event;
          if (eventRaw !== undefined && eventRaw !== null && typeof eventRaw !== 'string') {
            throw new StoreError('invalid_value', 'event must be a string.', 'event');
          }
          const event = eventRaw === '' || eventRaw === undefined || eventRaw === null ? null : eventRaw;
          const eventId = parseClientEventId(values.event_id, 'event_id');

          if (!r) {
            const ref = pseudonyms.get(sourceRef) ?? pseudonymise(options.hmacKey, sourceRef);
            pseudonyms.delete(sourceRef);
            const existing = await sink.lookupCase(ref);
            if (existing) {
              const l = await lookupsFor(existing.pathwayVersionId);
              r = {
                ref,
                id: existing.id,
                existing,
                pathway: l.pathway,
                pathwayVersionId: existing.pathwayVersionId,
                stage: l.pathway.stageIndex.get(existing.stage) ?? 0,
                stageEnteredAt: existing.stageEnteredAt,
                entryEventCode: null,
                openedAt: existing.openedAt,
                closedAt: existing.closedAt,
                lastOccurredAt: existing.lastOccurredAt,
                seq: existing.lastSeq,
                attributes: { ...existing.attributes },
                clientEventIds: existing.clientEventIds,
                stayInStore: existing.openIntervalId !== null,
                acceptedRows: 0,
                lastRow: report.rows,
                settledSeq: undefined,
                rejectedAt: undefined,
              };
              runs.set(sourceRef, r);
            } else {
              const stageIndex = main.pathway.stageIndex.get(stage);
              if (stageIndex === undefined) {
                throw unknownNameError('unknown_stage', 'stage', stage, 'is not a stage of the pathway.');
              }
              r = {
                ref,
                id: undefined,
                existing: undefined,
                pathway: main.pathway,
                pathwayVersionId: versionId,
                stage: stageIndex,
                stageEnteredAt: at,
                entryEventCode: null,
                openedAt: at,
                closedAt: main.terminal[stageIndex] ? at : null,
                lastOccurredAt: at,
                seq: 1,
                attributes: { ...emptyAttrs, ...attrs },
                clientEventIds: eventId ? new Set([eventId]) : undefined,
                stayInStore: false,
                acceptedRows: 1,
                lastRow: report.rows,
                settledSeq: undefined,
                rejectedAt: undefined,
              };
              runs.set(sourceRef, r);
              unsettled.push(r);
              report.casesCreated++;
              if (writing()) {
                sink.addCase(r);
                sink.addEvent(r, 1, at, null, null, main.stageCodes[stageIndex]!, eventId);
              }
              const p = sink.maybeFlush();
              if (p) await p;
              continue;
            }
          }

          // A row continuing a case: the pair (previous row, this row) must be a legal move.
          if (eventId && r.clientEventIds?.has(eventId)) {
            report.duplicateRows++;
            continue;
          }
          if (at < r.lastOccurredAt) {
            throw new StoreError(
              'out_of_order',
              `entered_at ${new Date(at).toISOString()} is before the case's previous event (${new Date(r.lastOccurredAt).toISOString()}).`,
              'entered_at',
            );
          }
          const l = r.pathwayVersionId === versionId ? main : await lookupsFor(r.pathwayVersionId);
          const p = l.pathway;
          const to = p.stageIndex.get(stage);
          if (to === undefined)
            throw unknownNameError('unknown_stage', 'stage', stage, 'is not a stage of the pathway.');
          const from = r.stage;
          const fromId = p.stages[from]!;
          let eventIndex: number;
          if (event !== null) {
            const e = p.eventIndex.get(event);
            if (e === undefined)
              throw unknownNameError('unknown_event', 'event', event, 'is not an event of the pathway.');
            const target = p.table[from * p.events.length + e]!;
            if (target === NO_MOVE) {
              throw new StoreError(
                'illegal_move',
                `"${event}" is not a legal move from "${fromId}"; allowed: ${p.allowedEvents(fromId).join(', ')}.`,
                'event',
              );
            }
            if (target !== to) {
              throw new StoreError(
                'illegal_move',
                `"${event}" leads from "${fromId}" to "${p.stages[target]}", not "${stage}".`,
                'stage',
              );
            }
            eventIndex = e;
          } else {
            const key = from * p.stages.length + to;
            let candidates = l.between.get(key);
            if (!candidates) {
              candidates = p.eventsBetween(fromId, stage).filter((e) => !l.recordOnly[p.eventIndex.get(e)!]);
              l.between.set(key, candidates);
            }
            if (candidates.length !== 1) {
              throw new StoreError(
                candidates.length === 0 ? 'illegal_move' : 'ambiguous_move',
                candidates.length === 0
                  ? `No move leads from "${fromId}" to "${stage}"; allowed: ${p.allowedEvents(fromId).join(', ')}.`
                  : `Several events lead from "${fromId}" to "${stage}" (${candidates.join(', ')}); fill the event column.`,
                'stage',
              );
            }
            eventIndex = p.eventIndex.get(candidates[0]!)!;
          }
          const seq = r.seq + 1;
          const changesStage = l.recordOnly[eventIndex] === 0;
          const eventCode = l.eventCodes[eventIndex]!;
          const toCode = l.stageCodes[to]!;
          if (writing()) {
            sink.addEvent(r, seq, at, eventCode, l.stageCodes[from]!, toCode, eventId);
            if (changesStage) {
              if (r.stayInStore) sink.closeStoredInterval(r, at, toCode, eventCode);
              else {
                sink.addInterval(
                  r,
                  l.stageCodes[from]!,
                  r.stageEnteredAt,
                  at,
                  toCode,
                  eventCode,
                  r.entryEventCode,
                );
              }
            }
          }
          if (changesStage) {
            r.stayInStore = false;
            r.stage = to;
            r.stageEnteredAt = at;
            r.entryEventCode = eventCode;
            r.closedAt = l.terminal[to] ? at : null;
          }
          r.seq = seq;
          r.lastOccurredAt = at;
          if (attrs) mergeAttributes(r.attributes, attrs);
          if (eventId) {
            r.clientEventIds ??= new Set();
            r.clientEventIds.add(eventId);
          }
          r.acceptedRows++;
          r.lastRow = report.rows;
          const flushing = sink.maybeFlush();
          if (flushing) await flushing;
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          reject({
            row: line,
            code: error.code,
            ...(error.field ? { field: error.field } : {}),
            message: error.message,
          });
          rejectCase(r, typeof sourceRef === 'string' ? sourceRef : '', line);
        }
      }
    }

    if (failed) {
      await sink.rollback();
      report.discardedRows = [...runs.values()].reduce(
        (n, x) => n + (x.rejectedAt === undefined ? x.acceptedRows : 0),
        report.discardedRows,
      );
      report.acceptedRows = 0;
      report.committed = false;
    } else {
      const kept: CaseRun[] = [];
      for (const x of runs.values()) {
        if (x.rejectedAt !== undefined) continue;
        kept.push(x);
        report.acceptedRows += x.acceptedRows;
        if (!x.stayInStore) {
          const stageCode = lookups.get(x.pathwayVersionId)!.stageCodes[x.stage]!;
          sink.addInterval(x, stageCode, x.stageEnteredAt, null, null, null, x.entryEventCode);
        }
      }
      await sink.flush();
      await sink.finishCases(kept.filter((x) => x.acceptedRows > 0));
      for (const x of runs.values()) if (x.rejectedAt !== undefined) await sink.undoCase(x);
      await sink.commit();
      report.committed = true;
    }
  } catch (error) {
    await sink.rollback().catch(() => undefined);
    throw error;
  }
  report.casesCreated -= [...runs.values()].filter((x) => !x.existing && x.rejectedAt !== undefined).length;
  // Only stored cases that gained an event changed: one whose rows were all duplicates did not.
  report.casesUpdated = [...runs.values()].filter(
    (x) => x.existing && x.rejectedAt === undefined && x.acceptedRows > 0,
  ).length;
  if (!report.committed) {
    report.casesCreated = 0;
    report.casesUpdated = 0;
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
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

// Every attribute null, in CODED_ATTRIBUTES order; spread (never mutated) for each new case.
const emptyAttrs = emptyAttributes();

/** Later rows update attributes (legal status, closure reason...), but the age band stays the one at entry. */
function mergeAttributes(into: CodedAttributes, from: Partial<CodedAttributes>): void {
  for (const key in from) {
    const k = key as CodedAttribute;
    if (k === 'age_band' && into.age_band !== null) continue;
    into[k] = from[k] ?? into[k];
  }
}
