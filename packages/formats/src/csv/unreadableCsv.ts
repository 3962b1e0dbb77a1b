/**
 * Why csv-parse could not read a table, by where and how it broke (`not readable CSV at line 3: a
 * quote opens inside a field`), never by what its cells say: csv-parse's own message quotes the
 * field, and a table may hold a child's UPN, birth date or postcode, which the report would keep.
 */
export function unreadableCsv(error: unknown): string {
  const e = error as { code?: unknown; lines?: unknown };
  const line = `not readable CSV${typeof e.lines === 'number' ? ` at line ${e.lines}` : ''}: `;
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return `${line}a quote opens inside a field${QUOTING}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${line}a quoted field goes on after its closing quote${QUOTING}`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${line}a quoted field is not closed${QUOTING}`;
    default:
      return `${line}the text is not laid out as CSV`;
  }
}

const QUOTING = ' (a field holding a quote must be wholly quoted, with its own quotes doubled)';
