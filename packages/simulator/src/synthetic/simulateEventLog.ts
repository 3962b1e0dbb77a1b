import { attributeSampler, defaultAttributeMix, type AttributeMix } from '../engine/attributeMix.ts';
import { isoAt, originOf, parseDate } from '../engine/calendar.ts';
import { SimulationEngine } from '../engine/SimulationEngine.ts';
import { createStreams, STREAM_ATTRIBUTES, STREAM_RECORDS } from '../engine/rng.ts';
import { buildSimModel, toCompiled, type PathwayInput } from '../engine/SimModel.ts';

/** Options for a synthetic event log: a service run from empty, as demo data or test input. */
export interface EventLogOptions {
  /** A pathway definition (validated and compiled here) or an already compiled one. */
  pathway: PathwayInput;
  /** First day of the log (ISO date); rows before it (warm-up) are not emitted. */
  startDate: string;
  years: number;
  seed: number;
  /** Years simulated before startDate so the log starts with a realistic open stock (default 0). */
  warmupYears?: number;
  /** Overrides the pathway's arrivals per year. */
  arrivalsPerYear?: number;
  /** Coded attributes drawn once per case and written on each of its rows. */
  attributes?: AttributeMix;
  /** Record-only events (the pathway's first, e.g. management_oversight) per open case per 31 days; default 0. */
  recordsPer31Days?: number;
  /** Prefix of the synthetic case references (default "SIM"). */
  caseRefPrefix?: string;
}

/** One row of the canonical event log (header order: case_ref, stage, entered_at, event, event_id, attributes). */
export interface EventLogRow {
  case_ref: string;
  stage: string;
  entered_at: string;
  event: string;
  event_id: string;
  [attribute: string]: string;
}

interface OpenCase {
  ref: string;
  attrs: Record<string, string>;
  rows: number;
  stage: number;
  since: number;
  emitted: boolean;
}

/**
 * Simulates a service and yields its canonical event log a month at a time (memory stays bounded).
 * Rows of a case are in time order; across cases they are roughly by time (record-only rows of a
 * stay are written when the stay ends). Case refs are synthetic; attributes are coded values only.
 * @example for (const row of simulateEventLog({ pathway: defaultPathway, startDate: '2020-01-01', years: 5, seed: 7 })) write(row)
 */
export function* simulateEventLog(options: EventLogOptions): Generator<EventLogRow> {
  const compiled = toCompiled(options.pathway);
  const model = buildSimModel(compiled);
  if (options.arrivalsPerYear !== undefined) model.arrivalsPerDay = options.arrivalsPerYear / 365.25;
  const warmupDays = (options.warmupYears ?? 0) * 365.25;
  const horizonDays = options.years * 365.25;
  const startMs = parseDate(options.startDate);
  const originMs = originOf(startMs, warmupDays);
  const streams = createStreams(options.seed, 0, 4);
  const attrRng = streams.rng(STREAM_ATTRIBUTES);
  const recordRng = streams.rng(STREAM_RECORDS);
  const draw = attributeSampler(options.attributes ?? defaultAttributeMix);
  const prefix = options.caseRefPrefix ?? 'SIM';
  const recordEvent = model.recordEvents[0];
  const recordRate = recordEvent === undefined ? 0 : (options.recordsPer31Days ?? 0) / 31;
  const open = new Map<number, OpenCase>();
  let buffer: EventLogRow[] = [];

  const row = (c: OpenCase, stage: number, event: string, t: number): void => {
    if (t < warmupDays) return;
    buffer.push({
      case_ref: c.ref,
      stage: model.stages[stage]!,
      entered_at: isoAt(originMs, t),
      event: c.emitted ? event : '',
      event_id: `${c.ref}-${++c.rows}`,
      ...c.attrs,
    });
    c.emitted = true;
  };
  // Record-only events during a stay [since, until): a Poisson stream, open non-terminal stays only.
  const records = (c: OpenCase, until: number): void => {
    if (recordRate <= 0 || model.terminal[c.stage]) return;
    let t = c.since - Math.log(recordRng.uniform()) / recordRate;
    while (t < until) {
      row(c, c.stage, model.events[recordEvent!]!, t);
      t -= Math.log(recordRng.uniform()) / recordRate;
    }
  };

  const engine = new SimulationEngine(model, {
    seed: options.seed,
    replication: 0,
    originMs,
    warmupDays,
    horizonDays,
    bucketDays: 7,
    onMove: (serial, stage, event, t) => {
      let c = open.get(serial);
      if (c === undefined) {
        c = {
          ref: `${prefix}-${serial.toString(36).padStart(6, '0')}`,
          attrs: draw(attrRng),
          rows: 0,
          stage,
          since: t,
          emitted: false,
        };
        open.set(serial, c);
      } else records(c, t);
      c.stage = stage;
      c.since = t;
      row(c, stage, event < 0 ? '' : model.events[event]!, t);
    },
    onLeave: (serial) => {
      open.delete(serial);
    },
  });
  const end = warmupDays + horizonDays;
  for (let t = 30; ; t += 30) {
    engine.advance(Math.min(t, end));
    if (buffer.length > 0) {
      yield* buffer;
      buffer = [];
    }
    if (t >= end) break;
  }
  for (const c of open.values()) records(c, end);
  yield* buffer;
}

/** Canonical CSV lines (header first) for rows from simulateEventLog; values are codes, never quoted. */
export function* eventLogCsv(
  rows: Iterable<EventLogRow>,
  attributes: string[] = Object.keys(defaultAttributeMix),
): Generator<string> {
  const columns = ['case_ref', 'stage', 'entered_at', 'event', 'event_id', ...attributes];
  yield `${columns.join(',')}\n`;
  for (const r of rows) yield `${columns.map((c) => r[c] ?? '').join(',')}\n`;
}
