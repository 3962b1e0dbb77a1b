import { saveText } from '../exports/saveFile.ts';

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
      onClick={async () => saveText(filename, await make())}
    >
      {text}
    </button>
  );
}
