import ExcelJS from 'exceljs';

/** A sheet for a test workbook: name, optional title rows above the header, header, data rows. */
export interface FixtureSheet {
  name: string;
  titleRows?: string[];
  header: string[];
  rows: unknown[][];
}

/** Builds an .xlsx workbook in memory with exceljs, so tests control every quirk of the layout. */
export async function buildWorkbook(sheets: readonly FixtureSheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name);
    for (const title of s.titleRows ?? []) ws.addRow([title]);
    ws.addRow(s.header);
    for (const row of s.rows) ws.addRow(row);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** An Excel serial day number for a YYYY-MM-DD date (days since 1899-12-30). */
export function serial(date: string): number {
  return (Date.parse(date) - Date.UTC(1899, 11, 30)) / 86_400_000;
}
