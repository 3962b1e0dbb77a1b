import type { CellValue } from 'exceljs';
import type { StageSpan } from './listSpecs.ts';
import { cellCode, cellDate, cellDateProblem, cellText, cellYesNo } from './cells.ts';
import { activityCode } from './codes.ts';

/** A row's cells by the keys of its list spec, plus the header each key was read from. */
export interface ListRow {
  list: number;
  cells: Record<string, CellValue | undefined>;
  headers: Record<string, string>;
}

/** Either the stage visits a row implies or why the row was refused. */
export type RowResult = { spans: StageSpan[]; notes?: string[] } | { reject: string };

/**
 * Maps one Annex A row to stage visits (the mapping table is in docs/formats-cli.md).
 * `extractDate` censors open rows and bounds every date.
 */
export function rowToSpans(row: ListRow, extractDate: string): RowResult {
  const dates: Record<string, string | undefined> = { extract: extractDate };
  for (const key of ['date', 'start', 'end', 'icpc']) {
    if (!(key in row.cells)) continue;
    const d = cellDate(row.cells[key]);
    if (d === null) return { reject: cellDateProblem(row.cells[key], row.headers[key] ?? key) };
    if (d !== undefined && d > extractDate) {
      return { reject: `${row.headers[key]} (${d}) is after the extract date ${extractDate}` };
    }
    dates[key] = d;
  }
  const start = dates.date ?? dates.start;
  if (start === undefined && row.list !== 9) {
    return { reject: `no ${row.headers.date ?? row.headers.start} date` };
  }
  for (const key of ['end', 'icpc']) {
    const d = dates[key];
    if (start !== undefined && d !== undefined && d < start) {
      return {
        reject: `${row.headers[key]} (${d}) is before ${row.headers.date ?? row.headers.start} (${start})`,
      };
    }
  }
  const list = row.list;
  const notes: string[] = [];
  const code = (key: string) => {
    const c = cellCode(row.cells[key]);
    if (c === '') return undefined;
    if (c.length > 40) {
      notes.push(`${row.headers[key]} is not a code (left blank)`);
      return undefined;
    }
    return c;
  };
  const need = () => {
    const c = code('need');
    if (c === undefined || /^N\d$/.test(c)) return c;
    notes.push(`${row.headers.need} "${cellText(row.cells.need)}" is not a DfE need code N0-N9 (left blank)`);
    return undefined;
  };
  const result = spansOf(row, list, start, dates, code, need);
  return notes.length > 0 && 'spans' in result ? { ...result, notes } : result;
}

function spansOf(
  row: ListRow,
  list: number,
  start: string | undefined,
  dates: Record<string, string | undefined>,
  code: (key: string) => string | undefined,
  need: () => string | undefined,
): RowResult {
  const extractDate = dates.extract!;
  switch (list) {
    case 1:
      return { spans: [frontDoor(start!, list, code('source'))] };
    case 2:
      return {
        spans: [{ stage: 'early_help', start: start!, end: dates.end, enterEvent: 'refer_early_help', list }],
      };
    case 3: {
      const nfa = cellYesNo(row.cells.nfa) === true;
      if (nfa) {
        const span = frontDoor(start!, list, code('source'));
        return { spans: [{ ...span, end: start, soft: false, exitEvent: 'no_further_action' }] };
      }
      return {
        spans: [
          frontDoor(start!, list, code('source'), start),
          { stage: 'assessment', start: start!, soft: true, enterEvent: 'accept_referral', list },
        ],
      };
    }
    case 4:
      return {
        spans: [{ stage: 'assessment', start: start!, end: dates.end, exitEvent: 'close_case', list }],
      };
    case 5: {
      const plan = cellYesNo(row.cells.plan) === true;
      const icpc = dates.icpc;
      const s47: StageSpan = { stage: 's47_enquiry', start: start!, enterEvent: 'start_s47', list };
      if (icpc === undefined) return { spans: [{ ...s47, soft: true, exitEvent: 'no_plan_close' }] };
      if (!plan) return { spans: [{ ...s47, end: icpc, exitEvent: 'no_plan_close' }] };
      return {
        spans: [
          { ...s47, end: icpc },
          { stage: 'child_protection', start: icpc, soft: true, enterEvent: 'cp_plan', list },
        ],
      };
    }
    case 6:
      return {
        spans: [
          {
            stage: 'child_in_need',
            start: start!,
            end: dates.end,
            enterEvent: 'cin_plan',
            exitEvent: 'close_case',
            attributes: { primary_need: need() },
            exitAttributes: { closure_reason: code('reason') },
            list,
          },
        ],
      };
    case 7:
      return {
        spans: [
          {
            stage: 'child_protection',
            start: start!,
            end: dates.end,
            enterEvent: 'cp_plan',
            exitEvent: 'end_plan_close',
            attributes: { abuse_category: code('abuse') },
            list,
          },
        ],
      };
    case 8:
      return {
        spans: [
          {
            stage: 'looked_after',
            start: start!,
            end: dates.end,
            enterEvent: 'become_looked_after',
            exitEvent: 'cease_care',
            attributes: { legal_status: code('legal'), placement_type: code('placement') },
            exitAttributes: { closure_reason: code('reason') },
            list,
          },
        ],
      };
    case 9:
      return {
        spans: [
          {
            stage: 'care_leaver',
            // Without a leaving-care date the child is known to be a care leaver at the extract date.
            start: start ?? extractDate,
            enterEvent: 'leave_care',
            attributes: { activity: activityCode(row.cells.activity) },
            list,
          },
        ],
      };
    default:
      return { reject: `list ${list} is not mapped` };
  }
}

/** A front-door visit: it lasts until the child's next recorded start if that is within 30 days. */
function frontDoor(start: string, list: number, source?: string, end?: string): StageSpan {
  return {
    stage: 'front_door',
    start,
    end,
    soft: end === undefined,
    exitEvent: 'no_further_action',
    attributes: { referral_source: source },
    list,
  };
}
