import type { ReturnFormat } from './readReturnFiles.ts';

/** What `continuum import` and `POST /api/ingest` read: a canonical log, or a return. */
export type ImportFormat = 'csv' | 'ndjson' | ReturnFormat;

/** A file as far as telling its format goes: its name, its first few kB as text, what the sender called it. */
export interface FileHead {
  name: string;
  head: string;
  /** An SSDA903 table named by the sender (the API's form field). */
  label?: string;
  /** The extension (`.xml`) when `name` does not show it (a name withheld as personal data). */
  ext?: string;
}
