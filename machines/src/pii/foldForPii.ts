/**
 * True when a value holds anything but printable ASCII, tab, CR or LF: only such a value can read
 * differently once folded, so detectPii folds only these (bulk ingest checks every row's id).
 */
export function needsFoldingForPii(value: string): boolean {
  return NOT_PLAIN_ASCII.test(value);
}

/**
 * What a value reads as to a person, for the PII check only (never stored): compatibility forms
 * become plain ones (full-width `Ｊａｎｅ`, `２０１２`, circled and ligature letters), accents and
 * other combining marks, invisible format characters (zero-width space, word joiner, soft hyphen,
 * BOM) and control characters are dropped, every Unicode space becomes a plain space, dashes, minus
 * signs, slashes and apostrophes become their ASCII forms, decimal digits of any script become 0-9,
 * and Cyrillic and Greek letters that look Latin become Latin (`Jаne` with a Cyrillic `а`).
 */
export function foldForPii(value: string): string {
  return value.normalize('NFKD').replace(NOT_PLAIN_ASCII_ALL, foldChar);
}

const NOT_PLAIN_ASCII = /[^\t\n\r\x20-\x7e]/u;
const NOT_PLAIN_ASCII_ALL = new RegExp(NOT_PLAIN_ASCII.source, 'gu');
const INVISIBLE = /^[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const SPACE = /^[\s\p{Z}\x85]$/u;
const CONTROL = /^\p{Cc}$/u;
const DASH = /^[\p{Pd}\u2212\u2796\ufe63\uff0d]$/u;
const SLASH = /^[\u2044\u2215\u29f8\u3033]$/u;
const APOSTROPHE = /^[\u02b9\u02bb\u02bc\u02bd\u02c8\u2018\u2019\u201b\u2032\ua78c]$/u;
const DIGIT = /^\p{Nd}$/u;

// Cyrillic and Greek letters drawn like Latin ones (the common homoglyphs), and their Latin letters.
const LOOKALIKES = 'аеорсухіјѕԁһԛԝӏАВЕКМНОРСТХІЈЅҮԚԜΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιρνı';
const LATIN = 'aeopcyxijsdhqwlABEKMHOPCTXIJSYQWABEZHIKMNOPTYXoipvi';
const LATIN_OF = new Map([...LOOKALIKES].map((c, i) => [c, LATIN[i]!]));

function foldChar(c: string): string {
  if (INVISIBLE.test(c)) return '';
  if (SPACE.test(c)) return ' ';
  if (CONTROL.test(c)) return '';
  if (DASH.test(c)) return '-';
  if (SLASH.test(c)) return '/';
  if (APOSTROPHE.test(c)) return "'";
  if (DIGIT.test(c)) return String(digitValue(c.codePointAt(0)!));
  return LATIN_OF.get(c) ?? c;
}

/**
 * The value of a decimal digit: Unicode encodes every script's digits 0-9 as contiguous runs of ten
 * (a stability guarantee), so it is the distance from the start of its run, modulo ten.
 */
function digitValue(code: number): number {
  let start = code;
  while (DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}
