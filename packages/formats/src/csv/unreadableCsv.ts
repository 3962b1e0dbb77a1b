/**
 * Why csv-parse could not read a table, by where and how it broke (`not readable CSV at line 3: a
 * quote opens inside a field`), never by what its cells say: csv-parse's own message quotes the
 * field, and a table may hold a child's UPN, birth date or postcode, which the report would keep.
 * Given the text, a quoted field left open is placed at the line its quote opens on (csv-parse
 * stops at the end of the text, which tells the reader nothing).
 */
export function unreadableCsv(error: unknown, text?: string): string {
  const e = error as { code?: unknown; lines?: unknown };
  const at = e.code === 'CSV_QUOTE_NOT_CLOSED' && text !== undefined ? openQuoteLine(text) : e.lines;
  const line = `not readable CSV${typeof at === 'number' ? ` at line ${at}` : ''}: `;
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return `${line}a quote opens inside a field${QUOTING}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${line}a quoted field goes on after its closing quote${QUOTING}`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${line}a quoted field opens there and is not closed${QUOTING}`;
    default:
      return `${line}the text is not laid out as CSV`;
  }
}

const QUOTING = ' (a field holding a quote must be wholly quoted, with its own quotes doubled)';

/** The line of the last quote that opened a field, or undefined when every quoted field closes. */
function openQuoteLine(text: string): number | undefined {
  let line = 1;
  let openedAt: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      if (openedAt === undefined) openedAt = line;
      else if (text.charCodeAt(i + 1) === 34) i++;
      else openedAt = undefined;
    }
  }
  return openedAt;
}
