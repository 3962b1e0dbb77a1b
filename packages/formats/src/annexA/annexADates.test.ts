import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildWorkbook } from './annexAWorkbook.fixture.ts';
import { cellDate } from './cells.ts';
import { importAnnexA } from './importAnnexA.ts';

const pseudonymise = (id: string) => createHmac('sha256', 'test-key').update(id).digest('hex');

describe('Annex A dates outside the time domain', () => {
  it('never shifts years 0000-0099 and refuses dates outside 1900-01-01..2100-12-31', () => {
    expect(cellDate('0099-06-15')).toBeNull();
    expect(cellDate('15/06/0099')).toBeNull();
    expect(cellDate('01/01/0000')).toBeNull();
    expect(cellDate('31/12/9999')).toBeNull();
    expect(cellDate(2_958_465)).toBeNull(); // Excel's 9999-12-31
    expect(cellDate('31/12/1899')).toBeNull();
    expect(cellDate('01/01/1900')).toBe('1900-01-01');
    expect(cellDate('31/12/2100')).toBe('2100-12-31');
    expect(cellDate('2024-02-29')).toBe('2024-02-29');
    expect(cellDate('2023-02-29')).toBeNull();
    expect(cellDate(new Date(Number.NaN))).toBeNull();
  });

  it('rejects each such row with the reason and imports the others', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'List 7',
        header: ['Child Unique ID', 'Child Protection Plan Start Date', 'Child Protection Plan End Date'],
        rows: [
          ['Q1', '0099-06-15', ''],
          ['Q2', '15/06/0099', ''],
          ['Q3', '31/12/9999', ''],
          ['Q4', 2_958_465, ''],
          ['Q5', '01/06/2020', '01/01/2101'],
          ['Q6', '01/06/2020', ''],
        ],
      },
    ]);
    const result = await importAnnexA(bytes, { pseudonymise, extractDate: '2021-01-01' });
    const list7 = result.lists.find((l) => l.list === 7)!;
    expect(list7.rejected).toBe(5);
    const outside = /is outside the accepted dates 1900-01-01 to 2100-12-31/;
    expect(list7.rejections).toEqual([
      { row: 2, reason: expect.stringMatching(/Child Protection Plan Start Date \(0099-06-15\) /) },
      { row: 3, reason: expect.stringMatching(/\(15\/06\/0099\) /) },
      { row: 4, reason: expect.stringMatching(/\(31\/12\/9999\) /) },
      { row: 5, reason: expect.stringMatching(/\(9999-12-31\) /) },
      { row: 6, reason: expect.stringMatching(/Child Protection Plan End Date \(01\/01\/2101\) /) },
    ]);
    for (const r of list7.rejections) expect(r.reason).toMatch(outside);
    expect(result.events).toEqual([
      { case_ref: pseudonymise('Q6'), stage: 'child_protection', entered_at: '2020-06-01', event: '' },
    ]);
    expect(JSON.stringify(result.events)).not.toMatch(/1999/);
  });

  it('refuses an extract date outside the domain', async () => {
    const bytes = await buildWorkbook([
      { name: 'List 7', header: ['Child Unique ID', 'Child Protection Plan Start Date'], rows: [] },
    ]);
    for (const extractDate of ['9999-12-31', '0099-06-15', '2024-02-30', 'soon']) {
      await expect(importAnnexA(bytes, { pseudonymise, extractDate })).rejects.toThrow(/extractDate/);
    }
  });
});
