import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { StoreError } from '../errors.ts';

/**
 * The longest line, or quoted record over several lines, a log may hold (characters): an event is a
 * short line; without a cap an unclosed quote or a file with no line break was read in time
 * growing with the square of its size, holding the server for minutes.
 */
export const MAX_RECORD_CHARS = 1024 * 1024;

// Why a record with balanced quotes (the only kind handed to csv-parse) cannot be read.
const MISPLACED_QUOTE =
  'a quote is out of place (a field holding a quote must be wholly quoted, with its own quotes doubled).';

/** The columns every row of the canonical log needs (a header without them would reject every row). */
export const LOG_COLUMNS: readonly string[] = ['case_ref', 'stage', 'entered_at'];

/** One input row of the canonical event log with its line number in the source (for the report). */
export interface RawRow {
  line: number;
  values: Record<string, unknown>;
  /** The CSV header these values were keyed by (the same array for every row of a file), so the
   * column names are checked once per file rather than once per row. */
  header?: readonly string[];
}

/** Anything that yields chunks of text: a Node stream, a web stream turned iterable, an array. */
export type ChunkSource = Readable | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Streams CSV rows (header row first) without holding the body: memory stays at one chunk. Lines
 * without a quote character (the canonical log's normal form: codes and ISO dates) are split
 * directly, about ten times faster than a general parser; any record containing a quote is
 * collected until its quotes balance (so quoted commas and line breaks work) and handed to
 * csv-parse. Line numbers are the source line where each record starts (the header is line 1). A
 * header without the `required` columns (the canonical log's by default) refuses the log, even
 * one with no rows: a log of only a header line of anything was otherwise a committed import of nothing.
 */
export async function* csvBatches(
  source: ChunkSource,
  required: readonly string[] = LOG_COLUMNS,
): AsyncGenerator<RawRow[]> {
  let header: string[] | undefined;
  let line = 0;
  let pending = '';
  let pendingLine = 0;
  let pendingQuotes = 0;
  let first = true;
  const toRow = (fields: string[], at: number): RawRow | undefined => {
    if (!header) {
      // Blank lines before the header are skipped: the header is the first line with text.
      if (fields.length === 1 && fields[0]!.trim() === '') return undefined;
      header = fields.map((h) => h.trim());
      refuseRepeatedColumns(header);
      const missing = required.filter((c) => !header!.includes(c));
      if (missing.length > 0)
        throw new StoreError(
          'invalid_value',
          `The CSV header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: a log's first line names its columns, at least ${required.join(', ')}.`,
          'body',
        );
      return undefined;
    }
    if (fields.length === 1 && fields[0] === '') return undefined;
    if (fields.length !== header.length) {
      return {
        line: at,
        values: { __error: `This row has ${fields.length} fields; the header has ${header.length}.` },
      };
    }
    const values: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) values[header[i]!] = fields[i];
    return { line: at, values, header };
  };
  const quoted = (text: string, at: number): RawRow | undefined => {
    let records: string[][];
    try {
      records = parse(text, { relax_quotes: false }) as string[][];
    } catch {
      // Not csv-parse's message: it quotes the field, which may hold a name or an identifier.
      if (!header)
        throw new StoreError('invalid_value', `The CSV header could not be read: ${MISPLACED_QUOTE}`, 'body');
      return { line: at, values: { __error: `Malformed CSV: ${MISPLACED_QUOTE}` } };
    }
    if (records.length !== 1) {
      return { line: at, values: { __error: 'This record could not be read as one CSV row.' } };
    }
    return toRow(records[0]!, at);
  };
  const takeLine = (raw: string): RawRow | undefined => {
    line++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (pending !== '') {
      pending += `\n${text}`;
      pendingQuotes += countQuotes(text);
      if (pendingQuotes % 2 === 1) {
        if (pending.length > MAX_RECORD_CHARS)
          throw new StoreError(
            'invalid_value',
            `Line ${pendingLine}: a quoted field opens there and is not closed within ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters, so nothing after it can be read as CSV; close the quote.`,
            'body',
          );
        return undefined;
      }
      const record = pending;
      pending = '';
      return quoted(record, pendingLine);
    }
    if (text.indexOf('"') === -1) return toRow(text.split(','), line);
    const quotes = countQuotes(text);
    if (quotes % 2 === 1) {
      pending = text;
      pendingLine = line;
      pendingQuotes = quotes;
      return undefined;
    }
    return quoted(text, line);
  };
  const rest = yield* lineBatches(source, takeLine);
  const last: RawRow[] = [];
  if (rest.length > 0) {
    const row = takeLine(rest);
    if (row) last.push(row);
  }
  if (pending !== '') last.push({ line: pendingLine, values: { __error: 'A quoted field is not closed.' } });
  if (!header) throw emptyLog('csv');
  if (last.length > 0) yield last;
}

/**
 * Splits the decoded chunks into lines and yields one batch of taken rows per chunk (the memory of
 * one chunk); returns the text after the last line break, for the caller's own end-of-input rules.
 * A line longer than MAX_RECORD_CHARS refuses the log (StoreError `invalid_value`).
 */
async function* lineBatches(
  source: ChunkSource,
  take: (line: string) => RawRow | undefined,
): AsyncGenerator<RawRow[], string> {
  const decode = chunkDecoder();
  let rest = '';
  let lines = 0;
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    // What was left holds no line break: only the new text is searched for the first one.
    const from = rest.length;
    rest += decode(chunk);
    let start = 0;
    const batch: RawRow[] = [];
    for (let nl = rest.indexOf('\n', from); nl !== -1; nl = rest.indexOf('\n', start)) {
      lines++;
      if (nl - start > MAX_RECORD_CHARS) throw tooLong(lines);
      const row = take(rest.slice(start, nl));
      start = nl + 1;
      if (row) batch.push(row);
    }
    rest = rest.slice(start);
    if (rest.length > MAX_RECORD_CHARS) throw tooLong(lines + 1);
    if (batch.length > 0) yield batch;
  }
  return rest + decode(undefined);
}

/** The refusal of a log with nothing in it (the readers', and an import job's before it is queued). */
export function emptyLog(format: 'csv' | 'ndjson'): StoreError {
  return new StoreError(
    'invalid_value',
    format === 'csv'
      ? 'The log is empty: a CSV log starts with its header line (case_ref,stage,entered_at,...).'
      : 'The log is empty: an NDJSON log holds one event per line.',
    'body',
  );
}

const tooLong = (line: number) =>
  new StoreError(
    'invalid_value',
    `Line ${line} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters; a log has one event per line.`,
    'body',
  );

/**
 * A streaming UTF-8 decoder (`undefined` = end of input) that turns pure-ASCII chunks into strings
 * with a one-byte copy (latin1 equals UTF-8 on ASCII), several times cheaper than TextDecoder;
 * other chunks, and the chunk after one (which may finish its split character), use TextDecoder.
 */
export function chunkDecoder(): (chunk: string | Uint8Array | undefined) => string {
  const decoder = new TextDecoder();
  let dirty = false;
  return (chunk) => {
    if (chunk === undefined) return dirty ? decoder.decode() : '';
    if (typeof chunk === 'string') return chunk;
    if (!dirty && isAscii(chunk))
      return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const text = decoder.decode(chunk, { stream: true });
    dirty = !isAscii(chunk);
    return text;
  };
}

/**
 * Refuses a header that names a column twice: each row would keep only the later value, silently
 * dropping the other. Columns are named by position (a header's text may be anything).
 */
function refuseRepeatedColumns(header: readonly string[]): void {
  const first = new Map<string, number>();
  header.forEach((name, i) => {
    const earlier = first.get(name);
    if (earlier !== undefined)
      throw new StoreError(
        'invalid_value',
        `The CSV header names one column twice (columns ${earlier + 1} and ${i + 1}); each column must be named once.`,
        'body',
      );
    first.set(name, i);
  });
}

function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/** Streams NDJSON rows (one JSON object per line; blank lines skipped) without holding the body, one batch per chunk. */
export async function* ndjsonBatches(source: ChunkSource): AsyncGenerator<RawRow[]> {
  let line = 0;
  let read = 0;
  const parseLine = (text: string): RawRow | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    read++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { line, values: { __error: 'This line is not valid JSON.' } };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { line, values: { __error: 'Each line must be a JSON object.' } };
    }
    return { line, values: value as Record<string, unknown> };
  };
  const rest = yield* lineBatches(source, parseLine);
  const row = rest.length > 0 ? parseLine(rest) : undefined;
  if (read === 0) throw emptyLog('ndjson');
  if (row) yield [row];
}

/** Flattens batches into single rows (for callers that want one row at a time). */
export async function* eachRow(batches: AsyncIterable<RawRow[]>): AsyncGenerator<RawRow> {
  for await (const batch of batches) yield* batch;
}

/** CSV rows one at a time (see csvBatches). */
export const csvRows = (source: ChunkSource, required?: readonly string[]): AsyncGenerator<RawRow> =>
  eachRow(csvBatches(source, required));
/** NDJSON rows one at a time (see ndjsonBatches). */
export const ndjsonRows = (source: ChunkSource): AsyncGenerator<RawRow> => eachRow(ndjsonBatches(source));
