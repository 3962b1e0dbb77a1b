/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text, a header first. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return `${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

/** Hands CSV text to the browser as a file download. */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A small "CSV" button that downloads what `make` returns (sync or from the server). */
export function CsvButton({
  filename,
  make,
  what,
  text = 'CSV',
}: {
  filename: string;
  make: () => string | Promise<string>;
  /** What the table or series is, for the button's accessible name. */
  what: string;
  /** The button's visible text. */
  text?: string;
}) {
  return (
    <button
      type="button"
      className="csv-button"
      aria-label={`Download ${what} as CSV`}
      title={`Download ${what} as CSV`}
      onClick={async () => downloadCsv(filename, await make())}
    >
      {text}
    </button>
  );
}
