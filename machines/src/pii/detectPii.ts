import { foldForPii, needsFoldingForPii } from './foldForPii.ts';
import { isJoinedName } from './joinedName.ts';
import { GIVEN_NAMES, JOINING_WORDS, SURNAMES, TITLES } from './personNames.ts';

/** What to treat as opaque: a client event id may be a UUID or a long hex string, never checked inside. */
export interface DetectPiiOptions {
  /** Let UUIDs and long hex strings through whole (client event ids); default false. */
  opaqueIds?: boolean;
}

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
// Postcodes are matched after runs of spaces, `_`, `.` and `-` became one space, so `je2_3qa` and
// `JE2-3QA` are found too.
const POSTCODE = /(?<![a-z0-9])(gir ?0aa|[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2})(?![a-z0-9])/i;
// Numeric dates with one separator used twice: 04/03/2012, 2012-03-04, 2012_03_04, 04.03.12, 4 3 2012.
const NUMERIC_DATE =
  /(?<!\d)(?:\d{4}([/._-])\d{1,2}\1\d{1,2}|\d{1,2}([/._-])\d{1,2}\2(?:\d{4}|\d{2})|\d{1,2} \d{1,2} \d{4}|\d{4} \d{1,2} \d{1,2})(?!\d)/;
const MONTHS = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
// 4 March 2012, 3rd of March 2012, 4th_mar_2012, March 4, 2012, March the 3rd 2012 (matched after
// runs of spaces, `_`, `.` and `-` became one space).
const WORDED_DATE = new RegExp(
  `(?<![a-z0-9])(?:\\d{1,2}(?:st|nd|rd|th)?(?: of)? ${MONTHS},? \\d{2,4}|${MONTHS} (?:the )?\\d{1,2}(?:st|nd|rd|th)?,? \\d{4})(?![a-z0-9])`,
  'i',
);
const DIGITS8 = /(?<!\d)\d{8}(?!\d)/g;
// A run of digits with single spaces, dots, dashes, underscores or brackets between them.
const DIGIT_RUN = /\+?\d(?:[\s()._-]?\d)+/g;
const UK_PHONE = /^(?:\+?44|0)\d{9,10}$/;
// A Unique Pupil Number: a check letter and 12 characters (11 digits, then a digit, or a letter for a
// temporary UPN), standing alone (`A123456789012`, `upn_a12345678901b`).
const UPN = /(?<![a-z0-9])[a-z]\d{11}[a-z0-9](?![a-z0-9])/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG_HEX = /^(?=.*[a-f])(?=.*\d)[0-9a-f]{16,}$/i;

/** True for a 10-digit string whose last digit is the NHS modulus-11 check digit of the first nine. */
export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}

/**
 * Why a value looks like personal data (email, NHS number, UPN, phone number, postcode, date, name), or
 * undefined. Always run on the RAW value, before any trimming to codes, and it also sees code-shaped
 * forms (`jane_smith`, `janesmith`, `2012_03_04`, `20120304`, `07700_900123`), so normalising a value
 * can never turn personal data into something that passes. A value with anything but printable ASCII
 * is checked a second time folded as a person reads it (foldForPii: full-width and other compatibility
 * forms made plain, accents, zero-width and other invisible characters dropped, Unicode spaces,
 * dashes, slashes and digits made ASCII, Latin-looking Cyrillic and Greek letters made Latin), and
 * refused when either form is. The one check every stored free text, label, name, code and id goes
 * through (rules and known limits: docs in the README, "PII checks").
 */
export function detectPii(value: string, options: DetectPiiOptions = {}): string | undefined {
  const raw = detectInForm(value, options);
  if (raw !== undefined || !needsFoldingForPii(value)) return raw;
  return detectInForm(foldForPii(value), options);
}

function detectInForm(value: string, options: DetectPiiOptions): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  // One pass over the characters decides which rules can apply at all (bulk ingest checks every row's id).
  let digits = 0;
  let letters = 0;
  let at = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
    else if (c === 64) at = true;
  }
  if (options.opaqueIds && (UUID.test(v) || LONG_HEX.test(v))) return undefined;
  if (at && EMAIL.test(v)) return 'looks like an email address';
  if (digits >= 11 && UPN.test(v)) return 'looks like a Unique Pupil Number (UPN)';
  if (digits >= 9) {
    for (const run of v.match(DIGIT_RUN) ?? []) {
      const compact = run.replace(/[^\d+]/g, '');
      if (isNhsNumber(compact)) return 'looks like an NHS number';
      if (UK_PHONE.test(compact)) return 'looks like a phone number';
    }
  }
  const spaced = digits >= 2 && letters >= 3 ? v.replace(/[\s_.-]+/g, ' ') : '';
  if (spaced !== '' && POSTCODE.test(spaced)) return 'looks like a full UK postcode';
  if (digits >= 3) {
    if (NUMERIC_DATE.test(v) || WORDED_DATE.test(spaced) || (digits >= 8 && hasCompactDate(v))) {
      return 'looks like a date (dates of birth are not stored)';
    }
  }
  if (letters >= 4 && hasPersonName(v)) return "looks like a person's name";
  return undefined;
}

/** An 8-digit run that is a real calendar date 1900-2099 as YYYYMMDD or DDMMYYYY (`20120304`, `04032012`). */
function hasCompactDate(v: string): boolean {
  for (const run of v.match(DIGITS8) ?? []) {
    const n = (i: number, len: number) => Number(run.slice(i, i + len));
    if (isDate(n(0, 4), n(4, 2), n(6, 2)) || isDate(n(4, 4), n(2, 2), n(0, 2))) return true;
  }
  return false;
}

function isDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A given name next to another word (`Jane Smith`, `smith_jane`, `JaneSmith`, `Smith, Jane`), a
 * known surname after a word (`Zofia Kowalski`), a title before a word (`Mr Kowalski`, `mrs_jones`),
 * or one word that is a name written without a separator (`janesmith`, `jsmith`: isJoinedName).
 * Words are adjacent only when nothing but spaces or `_ . , -` separates them: a digit or a colon
 * breaks a phrase, so opaque ids such as `DEMO-00amy1-3` do not read as names.
 */
function hasPersonName(v: string): boolean {
  const text = v.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/['’]/g, '');
  let previous: { word: string; end: number } | undefined;
  for (const m of text.matchAll(/[A-Za-z]+/g)) {
    const word = m[0].toLowerCase();
    if (isJoinedName(word)) return true;
    const adjacent = previous !== undefined && /^[\s_.,-]+$/.test(text.slice(previous.end, m.index));
    if (adjacent && isNamePair(previous!.word, word)) return true;
    previous = { word, end: m.index + m[0].length };
  }
  return false;
}

function isNamePair(a: string, b: string): boolean {
  const aWord = a.length >= 2 && !JOINING_WORDS.has(a);
  const bWord = b.length >= 2 && !JOINING_WORDS.has(b);
  if (GIVEN_NAMES.has(a) && bWord) return true;
  if (GIVEN_NAMES.has(b) && aWord) return true;
  if (SURNAMES.has(b) && aWord) return true;
  return TITLES.has(a) && bWord;
}
