import type { CodedAttribute } from '../canonicalEvent.ts';

/** A census code list: how a raw value is normalised, and what the report says when it is not one. */
interface CodeList {
  attribute: CodedAttribute;
  normalise: (raw: string) => string | undefined;
  allowed: string;
}

const upper = (raw: string) => raw.trim().toUpperCase().replace(/\s+/g, '');

/** The census elements whose codes are kept as coded attributes, by element name. */
export const CIN_CODE_LISTS: Readonly<Record<string, CodeList>> = {
  ReferralSource: {
    attribute: 'referral_source',
    normalise: (raw) => (/^(?:10|[1-9][A-F]?)$/.test(upper(raw)) ? upper(raw) : undefined),
    allowed: '1A-1C, 2A-2B, 3A-3F, 4, 5A-5D, 6-10',
  },
  PrimaryNeedCode: {
    attribute: 'primary_need',
    normalise: (raw) => (/^N[0-9]$/.test(upper(raw)) ? upper(raw) : undefined),
    allowed: 'N0-N9',
  },
  InitialCategoryOfAbuse: {
    attribute: 'abuse_category',
    normalise: (raw) => (/^(?:NEG|PHY|SAB|EMO|MUL)$/.test(upper(raw)) ? upper(raw) : undefined),
    allowed: 'NEG, PHY, SAB, EMO, MUL',
  },
  LatestCategoryOfAbuse: {
    attribute: 'abuse_category',
    normalise: (raw) => (/^(?:NEG|PHY|SAB|EMO|MUL)$/.test(upper(raw)) ? upper(raw) : undefined),
    allowed: 'NEG, PHY, SAB, EMO, MUL',
  },
  ReasonForClosure: {
    attribute: 'closure_reason',
    normalise: (raw) => (/^RC[1-9]$/.test(upper(raw)) ? upper(raw) : undefined),
    allowed: 'RC1-RC9',
  },
  GenderCurrent: {
    attribute: 'sex',
    normalise: (raw) => ({ '0': 'unknown', '1': 'male', '2': 'female', '9': 'indeterminate' })[raw.trim()],
    allowed: '0, 1, 2, 9',
  },
};

/** A strict YYYY-MM-DD calendar date from 1900 to 2100, or undefined. */
export function censusDate(raw: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(2000, mo, 0)).getUTCDate();
  const leap = mo === 2 && d === 29 ? (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 : true;
  return d <= days && leap ? raw.trim() : undefined;
}

/** The census yes/no type: `true`/`false`, `1`/`0` (and the older `Y`/`N`); undefined otherwise. */
export function censusBoolean(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'y' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'n' || v === 'no') return false;
  return undefined;
}
