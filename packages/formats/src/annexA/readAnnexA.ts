import { detectPii } from '@continuum/machines';
import ExcelJS from 'exceljs';
import type { CellValue, Worksheet } from 'exceljs';
import { cellDate, cellText } from './cells.ts';
import { LIST_SPECS, PERSON_COLUMNS, type ListSpec, listNumberOf, normaliseHeader } from './listSpecs.ts';
import type { ListRow } from './rowToSpans.ts';

/** A workbook that cannot be read as Annex A at all (not a workbook, or no list sheets). */
export class AnnexAError extends Error {
  constructor(
    readonly code: 'not_a_workbook' | 'no_lists',
    message: string,
  ) {
    super(message);
    this.name = 'AnnexAError';
  }
}

/** One data row of a list, with the child's ID and the person columns that are used and then dropped. */
export interface AnnexARow extends ListRow {
  rowNumber: number;
  childId: string;
  person: { sex?: CellValue; dob?: CellValue; age?: CellValue };
}

/** A list as found in the workbook: its sheet, its rows, or why it could not be read. */
export interface AnnexAList {
  spec: ListSpec;
  sheet: string | null;
  rows: AnnexARow[];
  rowsRead: number;
  problem?: string;
}

const HEADER_SCAN_ROWS = 20;

/** Reads every Annex A list the workbook holds; columns not named in the list specs are never read. */
export async function readAnnexA(source: Uint8Array | ArrayBuffer): Promise<AnnexAList[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : source;
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    // Not the library's message: it can quote what it found inside the file.
    throw new AnnexAError(
      'not_a_workbook',
      'not an .xlsx workbook (it could not be opened as one: damaged, or saved in another format)',
    );
  }
  const byList = new Map<number, Worksheet>();
  for (const sheet of workbook.worksheets) {
    const n = listNumberOf(sheet.name);
    if (n !== undefined && !byList.has(n)) byList.set(n, sheet);
  }
  if (![...byList.keys()].some((n) => LIST_SPECS.some((s) => s.list === n))) {
    throw new AnnexAError(
      'no_lists',
      // The sheets are counted, not named: a sheet may be named after a child.
      `no Annex A list sheets found among its ${workbook.worksheets.length} sheet(s); expected names such as "List 1" or "List_1"`,
    );
  }
  return LIST_SPECS.map((spec) => {
    const sheet = byList.get(spec.list);
    if (!sheet) return { spec, sheet: null, rows: [], rowsRead: 0, problem: 'list not in the workbook' };
    return readList(spec, sheet);
  });
}

function readList(spec: ListSpec, sheet: Worksheet): AnnexAList {
  const found = findHeader(sheet);
  if (!found) {
    return {
      spec,
      sheet: sheetName(sheet),
      rows: [],
      rowsRead: 0,
      problem: 'no header row with "Child Unique ID"',
    };
  }
  const { rowNumber: headerRow, headers } = found;
  const locate = (patterns: readonly RegExp[]) => {
    for (const p of patterns) {
      const i = headers.findIndex((h) => p.test(h));
      if (i >= 0) return i;
    }
    return -1;
  };
  const columns: Record<string, number> = {};
  const missing: string[] = [];
  for (const [key, patterns] of Object.entries(spec.required)) {
    const i = locate(patterns);
    if (i < 0) missing.push(key);
    else columns[key] = i;
  }
  for (const [key, patterns] of Object.entries(spec.optional)) {
    const i = locate(patterns);
    if (i >= 0) columns[key] = i;
  }
  const person = Object.fromEntries(
    Object.entries(PERSON_COLUMNS).map(([key, patterns]) => [key, locate(patterns)]),
  ) as Record<keyof typeof PERSON_COLUMNS, number>;
  const rows: AnnexARow[] = [];
  let rowsRead = 0;
  const originalHeaders = Object.fromEntries(
    Object.entries(columns).map(([k, i]) => [k, cellText(sheet.getRow(headerRow).getCell(i + 1).value)]),
  );
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const at = (i: number) => (i < 0 ? undefined : row.getCell(i + 1).value);
    const all = [...Object.values(columns), ...Object.values(person)].map(at);
    if (all.every((v) => cellText(v) === '' && !(v instanceof Date))) continue;
    rowsRead++;
    const cells = Object.fromEntries(Object.entries(columns).map(([k, i]) => [k, at(i)]));
    rows.push({
      list: spec.list,
      rowNumber: r,
      childId: cellText(at(person.childId)),
      cells,
      headers: originalHeaders,
      person: { sex: at(person.sex), dob: at(person.dob), age: at(person.age) },
    });
  }
  if (missing.length > 0) {
    const names = missing.map((k) => `"${k}" (${spec.required[k]!.map((p) => p.source).join(' or ')})`);
    return {
      spec,
      sheet: sheetName(sheet),
      rows: [],
      rowsRead,
      problem: `missing column ${names.join(', ')}`,
    };
  }
  return { spec, sheet: sheetName(sheet), rows, rowsRead };
}

function findHeader(sheet: Worksheet): { rowNumber: number; headers: string[] } | undefined {
  const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
  for (let r = 1; r <= last; r++) {
    const row = sheet.getRow(r);
    const headers: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, sheet.columnCount); c++) {
      headers.push(normaliseHeader(cellText(row.getCell(c).value)));
    }
    if (headers.some((h) => PERSON_COLUMNS.childId.some((p) => p.test(h)))) return { rowNumber: r, headers };
  }
  return undefined;
}

/** The latest date any list records: the default extract date when none is given. */
export function latestDate(lists: readonly AnnexAList[]): string | undefined {
  let latest: string | undefined;
  for (const list of lists) {
    for (const row of list.rows) {
      for (const key of ['date', 'start', 'end', 'icpc']) {
        const d = key in row.cells ? cellDate(row.cells[key]) : undefined;
        if (d && (latest === undefined || d > latest)) latest = d;
      }
    }
  }
  return latest;
}

/**
 * A sheet's name as reports show it: withheld when it looks like personal data (a list sheet named
 * `List 1 - Jane Smith`).
 */
function sheetName(sheet: Worksheet): string {
  const why = detectPii(sheet.name);
  return why ? `(sheet name withheld: it ${why})` : sheet.name;
}
