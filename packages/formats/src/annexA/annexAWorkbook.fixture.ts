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

const common = ['Child Unique ID', 'Gender', 'Date of Birth', 'Allocated Worker'];

/**
 * A workbook with all nine lists, made by the project itself (renamed sheets, title rows, serial and
 * text dates, prefixed codes, and the person columns that must never be stored), so Annex A is
 * tested on a fresh clone without the external sample. Children A1 (front door to looked after),
 * B2 (early help, then a referral), C3 (referral, no further action) and D4 (a care leaver); extract
 * date 2021-03-31.
 */
export function everyListWorkbook(): Promise<Uint8Array> {
  return buildWorkbook([
    {
      name: 'List_1',
      titleRows: ['List 1: Contacts', 'Extract for the inspection'],
      header: [...common, 'Date of Contact', 'Contact Source'],
      rows: [
        ['A1', 'b) Female', '01/05/2012', 'Ann Worker', '02/01/2020', 'q) 6: Police'],
        ['B2', 'a) Male', serial('2015-03-03'), 'Bob Worker', serial('2020-03-01'), 'e) 2A: Schools'],
      ],
    },
    {
      name: 'List 2 - Early help',
      header: [...common, 'Assessment start date', 'Assessment completion date', 'Organisation'],
      rows: [['B2', 'a) Male', '03/03/2015', 'x', serial('2019-03-03'), '#N/A', 'Top Town Academy']],
    },
    {
      name: 'List 3 Referrals',
      titleRows: ['Referrals'],
      header: [...common, 'Date of Referral', 'Referral Source', 'Referral NFA?'],
      rows: [
        ['A1', 'b) Female', '01/05/2012', 'Ann Worker', serial('2020-01-03'), 'q) 6: Police', 'No'],
        ['C3', 'Female', '01/05/2010', 'Cat Worker', '10/01/2020', 'q) 6: Police', 'a) Yes'],
        ['B2', 'a) Male', '03/03/2015', 'Bob Worker', '01/03/2020', 'e) 2A: Schools', 'No'],
      ],
    },
    {
      name: 'list4',
      header: [...common, 'Continuous Assessment Start Date', 'Continuous Assessment Date of Authorisation'],
      rows: [['A1', 'b) Female', '01/05/2012', 'Ann', '03/01/2020', '14/02/2020']],
    },
    {
      name: 'List 5',
      header: [
        ...common,
        'Strategy discussion initiating Section 47 Enquiry Start Date',
        'Date of Initial Child Protection Conference',
        'Did the Initial Child Protection Conference Result in a Child Protection Plan',
      ],
      rows: [['A1', 'b) Female', '01/05/2012', 'Ann', '20/02/2020', '05/03/2020', 'Yes']],
    },
    {
      name: 'List 6',
      header: [...common, 'CIN Start Date', 'Primary Need Code', 'CIN Closure Date', 'Reason for Closure'],
      rows: [['A1', 'b) Female', '01/05/2012', 'Ann', '14/02/2020', 'N1 - Abuse or Neglect', '', '']],
    },
    {
      name: 'List 7',
      header: [
        ...common,
        'Child Protection Plan Start Date',
        'Initial Category of Abuse',
        'Child Protection Plan End Date',
      ],
      rows: [['A1', 'b) Female', '01/05/2012', 'Ann', '05/03/2020', 'Neglect', serial('2020-09-01')]],
    },
    {
      name: 'List 8',
      header: [
        ...common,
        'Date Started to be Looked After',
        "Child's Legal Status",
        'Placement Type',
        'Placement postcode',
        'Date Ceased to be Looked After',
        'Reason Ceased to be Looked After',
      ],
      rows: [
        [
          'A1',
          'b) Female',
          '01/05/2012',
          'Ann',
          '01/09/2020',
          'C2: FCO',
          'f) U6: Foster placement',
          'AB1 2CD',
          '',
          '',
        ],
      ],
    },
    {
      name: 'List 9',
      header: [...common, 'Activity Status'],
      rows: [['D4', 'a) Male', '01/01/2002', 'Dee', 'G5: Not in education, employment or training - other']],
    },
  ]);
}
