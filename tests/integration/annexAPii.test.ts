import { ingestEvents, loadOrCreateHmacKey, type RawRow } from '@continuum/store';
import { defaultPathway } from '@continuum/machines';
import { beforeAll, describe, expect, it } from 'vitest';
import { PII_PROBES, probeForms } from '../../machines/src/pii/piiProbes.fixture.ts';
import {
  buildWorkbook,
  type FixtureSheet,
  serial,
} from '../../packages/formats/src/annexA/annexAWorkbook.fixture.ts';
import { type AnnexAImportResult, importAnnexA } from '../../packages/formats/src/index.ts';
import { dumpTables, leaksIn } from '../support/dumpTables.ts';
import { describeEachEngine } from '../support/engines.ts';

const FORMS = PII_PROBES.flatMap((p) => probeForms(p.value));
const PERSON = ['Child Unique ID', 'Gender', 'Date of Birth'];
const START = serial('2020-01-06');
const END = serial('2020-03-02');

/** Each coded column Annex A imports: its list, header and a row with the probe in that column. */
const COLUMNS: { list: string; header: string[]; row: (id: string, v: string) => unknown[] }[] = [
  {
    list: 'List 1',
    header: [...PERSON, 'Date of Contact', 'Contact Source'],
    row: (id, v) => [id, 'Female', '', START, v],
  },
  {
    list: 'List 3',
    header: [...PERSON, 'Date of Referral', 'Referral Source', 'Referral NFA?'],
    row: (id, v) => [id, 'Male', '', START, v, 'No'],
  },
  {
    list: 'List 6',
    header: [...PERSON, 'CIN Start Date', 'Primary Need Code', 'CIN Closure Date', 'Reason for Closure'],
    row: (id, v) => [id, '', '', START, v, END, 'RC8'],
  },
  {
    list: 'List 6',
    header: [...PERSON, 'CIN Start Date', 'Primary Need Code', 'CIN Closure Date', 'Reason for Closure'],
    row: (id, v) => [id, '', '', START, 'N1', END, v],
  },
  {
    list: 'List 7',
    header: [...PERSON, 'Child Protection Plan Start Date', 'Initial Category of Abuse'],
    row: (id, v) => [id, '', '', START, v],
  },
  {
    list: 'List 8',
    header: [
      ...PERSON,
      'Date Started to be Looked After',
      "Child's Legal Status",
      'Placement Type',
      'Date Ceased to be Looked After',
      'Reason Ceased to be Looked After',
    ],
    row: (id, v) => [id, '', '', START, v, 'U6', END, 'E11'],
  },
  {
    list: 'List 8',
    header: [
      ...PERSON,
      'Date Started to be Looked After',
      "Child's Legal Status",
      'Placement Type',
      'Date Ceased to be Looked After',
      'Reason Ceased to be Looked After',
    ],
    row: (id, v) => [id, '', '', START, 'C2', v, END, 'E11'],
  },
  {
    list: 'List 8',
    header: [
      ...PERSON,
      'Date Started to be Looked After',
      "Child's Legal Status",
      'Placement Type',
      'Date Ceased to be Looked After',
      'Reason Ceased to be Looked After',
    ],
    row: (id, v) => [id, '', '', START, 'C2', 'U6', END, v],
  },
  {
    list: 'List 9',
    header: [...PERSON, 'Date left care', 'Activity status'],
    row: (id, v) => [id, '', '', START, v],
  },
  {
    list: 'List 1',
    header: [...PERSON, 'Date of Contact', 'Contact Source'],
    row: (id, v) => [id, v, '', START, 'Police'],
  },
];

/** One sheet per list; every probe in every coded column, one child each, plus one clean child. */
async function probeWorkbook(): Promise<{ bytes: Uint8Array; probeRows: number }> {
  const sheets = new Map<string, FixtureSheet>();
  let probeRows = 0;
  COLUMNS.forEach((col, c) => {
    // Lists with two column variants get their own sheet name suffix (`List 6 b` is still list 6).
    const name =
      sheets.has(col.list) && sheets.get(col.list)!.header.join() !== col.header.join()
        ? `${col.list} v${c}`
        : col.list;
    const sheet = sheets.get(name) ?? { name, header: col.header, rows: [] };
    PII_PROBES.forEach((p, i) => {
      sheet.rows.push(col.row(`P${c}-${i}`, p.value));
      probeRows++;
    });
    sheets.set(name, sheet);
  });
  sheets.get('List 1')!.rows.push(['OK-1', 'Female', '', START, 'q) 6: Police']);
  return { bytes: await buildWorkbook([...sheets.values()]), probeRows };
}

/** The rows `continuum import` feeds ingest for an Annex A result (as apps/cli's annexRows). */
function rowsOf(result: AnnexAImportResult): RawRow[] {
  return result.events.map((e, i) => ({
    line: i + 1,
    values: {
      case_ref: e.case_ref,
      stage: e.stage,
      entered_at: e.entered_at,
      event: e.event,
      event_id: `annexa:${i}`,
      ...e.attributes,
    },
  }));
}

let result: AnnexAImportResult;
let probeRows = 0;
beforeAll(async () => {
  const wb = await probeWorkbook();
  probeRows = wb.probeRows;
  result = await importAnnexA(wb.bytes, { pseudonymise: (id) => id, extractDate: '2021-03-31' });
});

describe('PII probes through the Annex A importer', () => {
  it('refuses every probe row before normalising, naming the column but never the value', () => {
    const rejections = result.lists.flatMap((l) => l.rejections);
    expect(rejections).toHaveLength(probeRows);
    for (const r of rejections) expect(r.reason).toMatch(/looks like/);
    // The report (what the CLI prints) and the events hold no probe in any form.
    expect(leaksIn(JSON.stringify(result.lists), FORMS)).toEqual([]);
    expect(leaksIn(JSON.stringify(result.events), FORMS)).toEqual([]);
    expect(result.cases).toBe(1);
  });
});

describeEachEngine('PII probes from Annex A into the store', ({ store, dataDir }) => {
  it('stores only the clean child and none of the probes', async () => {
    await store().pathways.publish(defaultPathway);
    const report = await ingestEvents(store(), rowsOf(result), {
      mode: 'partial',
      hmacKey: loadOrCreateHmacKey(dataDir()),
    });
    expect(report).toMatchObject({ committed: true, casesCreated: 1, rejectedRows: 0 });
    expect(leaksIn(await dumpTables(store()), FORMS)).toEqual([]);
  });
});
