/** The statutory returns read into events before ingest (a canonical log goes to ingest as it is). */
export type ReturnFormat = 'annex-a' | 'cin' | 'ssda903';

/** What `continuum import` and `POST /api/ingest` read: a canonical log, or a return. */
export type ImportFormat = 'csv' | 'ndjson' | ReturnFormat;

/** A file's extension with its dot, lower-cased (`.xml`): the one given, else its name's; '' for none. */
export function extOf(file: { name: string; ext?: string | undefined }): string {
  return (file.ext ?? /\.[a-z0-9]+$/i.exec(file.name)?.[0] ?? '').toLowerCase();
}

/** A file as far as telling its format goes: its name, its first few kB as text, what the sender called it. */
export interface FileHead {
  name: string;
  head: string;
  /** An SSDA903 table named by the sender (the API's form field). */
  label?: string;
  /** The extension (`.xml`) when `name` does not show it (a name withheld as personal data). */
  ext?: string;
}
