/** What an export file's name says: the pathway and version, what it holds, and its period or day. */
export interface ExportName {
  pathway: { id: string; version: number | null } | undefined;
  what: string;
  /** A period (from-to) or a single day (to only, e.g. a worklist's as-of date). */
  from?: string;
  to?: string;
  ext: 'csv' | 'xes' | 'json';
}

/** e.g. `continuum_of_need-v3-worklist-2025-03-31.csv`, `continuum_of_need-v3-map-2025-01-01_2025-03-31.csv`. */
export function exportFileName(n: ExportName): string {
  const pathway = n.pathway ? `${n.pathway.id}-v${n.pathway.version ?? 'draft'}` : 'continuum';
  const period = n.from && n.to ? `${n.from}_${n.to}` : (n.to ?? n.from);
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return `${[pathway, n.what, period]
    .filter(Boolean)
    .map((p) => safe(p as string))
    .join('-')}.${n.ext}`;
}
