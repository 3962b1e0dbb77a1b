import type { Publication } from './publication.ts';

/** The publication as CSV (one figure per row; suppressed values are written as "c", as DfE does). */
export function publicationToCsv(publication: Publication): string {
  const lines = ['section,subject,related,measure,value,status'];
  for (const f of publication.figures) {
    const value = f.value === null ? 'c' : String(f.value);
    lines.push([f.section, f.subject, f.related, f.measure, value, f.status].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
