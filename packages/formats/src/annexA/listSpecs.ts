import type { CodedAttribute } from '../canonicalEvent.ts';

/** A stage visit one Annex A row implies; the timeline builder joins these per child. */
export interface StageSpan {
  stage: string;
  /** YYYY-MM-DD. */
  start: string;
  /** YYYY-MM-DD; equal to start for a same-day visit; undefined = open (censored) or `soft`. */
  end?: string;
  /** The end is not recorded: the visit lasts until the child's next recorded start, else stays open. */
  soft?: boolean;
  /** The event to use when this stage is entered, if it is legal from where the child is. */
  enterEvent?: string;
  /** The event to use when the visit ends and nothing else follows (the case closes). */
  exitEvent?: string;
  attributes?: Partial<Record<CodedAttribute, string>>;
  exitAttributes?: Partial<Record<CodedAttribute, string>>;
  /** Annex A list number (1-9), for the per-list report. */
  list: number;
  /** The sheet row it came from (set by importAnnexA), so the report accounts for every row. */
  row?: number;
}

/** Columns every list may carry, used for the case's age band and sex (then discarded). */
export const PERSON_COLUMNS = {
  childId: [/^child unique id/, /^child id/, /^unique id/],
  sex: [/^gender$/, /^sex$/],
  dob: [/^date of birth/, /^dob$/],
  age: [/^age( of child)?( years)?$/],
} as const;

/** What each list is, which columns it needs (header patterns on normalised text) and which it may use. */
export interface ListSpec {
  list: number;
  title: string;
  required: Record<string, readonly RegExp[]>;
  optional: Record<string, readonly RegExp[]>;
}

/** The nine lists the importer maps (Annex A lists 10 and 11, adoption and adopters, are not case stages). */
export const LIST_SPECS: readonly ListSpec[] = [
  {
    list: 1,
    title: 'Contacts',
    required: { date: [/^date of contact/, /contact date/] },
    optional: { source: [/contact source/] },
  },
  {
    list: 2,
    title: 'Early help',
    required: { start: [/assessment start date/, /^start date/] },
    optional: { end: [/assessment completion date/, /completion date/, /end date/] },
  },
  {
    list: 3,
    title: 'Referrals',
    required: { date: [/^date of referral/, /referral date/] },
    optional: { source: [/referral source/], nfa: [/nfa/, /no further action/] },
  },
  {
    list: 4,
    title: 'Assessments',
    required: { start: [/assessment start date/, /^start date/] },
    optional: { end: [/date of authorisation/, /authorisation date/, /completion date/] },
  },
  {
    list: 5,
    title: 'Section 47 enquiries',
    required: { start: [/section 47 enquiry start date/, /^strategy discussion/, /s47 start date/] },
    optional: {
      icpc: [/^date of initial child protection conference/, /icpc date/],
      plan: [/result in a child protection plan/],
    },
  },
  {
    list: 6,
    title: 'Children in need',
    required: { start: [/^cin start date/] },
    optional: { end: [/^cin closure date/], reason: [/^reason for closure/], need: [/primary need/] },
  },
  {
    list: 7,
    title: 'Child protection',
    required: { start: [/plan start date/] },
    optional: { end: [/plan end date/], abuse: [/^initial category of abuse/, /category of abuse/] },
  },
  {
    list: 8,
    title: 'Looked after',
    required: { start: [/^date started to be looked after/] },
    optional: {
      end: [/^date ceased to be looked after/],
      reason: [/^reason ceased/],
      legal: [/^child s legal status/, /^legal status/],
      placement: [/^placement type/],
    },
  },
  {
    list: 9,
    title: 'Care leavers',
    required: {},
    optional: {
      start: [/date .*(left|leaving|ceased).*care/, /date .*care leaver/],
      activity: [/^activity status/, /activity/],
    },
  },
];

/** Header text normalised for matching: lower case, punctuation and spacing collapsed. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The list number a sheet name declares (`List 1`, `List_1`, `List 1 - Contacts`, `list1`), if any. */
export function listNumberOf(sheetName: string): number | undefined {
  const m = /^\s*list[\s_\-.]*(\d{1,2})(?!\d)/i.exec(sheetName);
  return m ? Number(m[1]) : undefined;
}
