const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const POSTCODE = /\b(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/i;
const DATE =
  /\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{2,4})\b/i;
const NAME = /^[A-Z][a-z'’-]+,?(\s+[A-Z][a-z'’.-]*)+$/;
const PHONE = /^(\+?44|0)\d{9,10}$/;

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
 * Why a value looks like personal data (email, phone, NHS number, postcode, date, name), or
 * undefined. Used on every free value that would be stored, so nothing identifying gets in.
 */
export function detectPii(value: string, options: { dates?: boolean } = {}): string | undefined {
  const v = value.trim();
  if (EMAIL.test(v)) return 'looks like an email address';
  const compact = v.replace(/[\s()-]/g, '');
  if (isNhsNumber(compact)) return 'looks like an NHS number';
  if (PHONE.test(compact)) return 'looks like a phone number';
  if (POSTCODE.test(v)) return 'looks like a full UK postcode';
  if (options.dates !== false && DATE.test(v)) return 'looks like a date (dates of birth are not stored)';
  if (NAME.test(v)) return "looks like a person's name";
  return undefined;
}
