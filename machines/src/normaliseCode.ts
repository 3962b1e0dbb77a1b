import type { CodedAttribute } from './codedAttributes.ts';

/** The attributes whose stored values form a closed list, and that list (DfE codes as stored). */
export const CLOSED_CODE_LISTS: Readonly<Partial<Record<CodedAttribute, readonly string[]>>> = {
  age_band: ['under_1', '1_4', '5_9', '10_15', '16_17', '18_plus'],
  sex: ['male', 'female', 'indeterminate', 'unknown', 'not_stated'],
  primary_need: ['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'],
  activity: ['eet', 'neet', 'unknown'],
};

const SEX: Readonly<Record<string, string>> = {
  '1': 'male',
  m: 'male',
  male: 'male',
  boy: 'male',
  '2': 'female',
  f: 'female',
  female: 'female',
  girl: 'female',
  '0': 'unknown',
  u: 'unknown',
  unknown: 'unknown',
  not_known: 'unknown',
  '9': 'indeterminate',
  i: 'indeterminate',
  indeterminate: 'indeterminate',
  not_stated: 'not_stated',
  not_recorded: 'not_stated',
  not_stated_recorded: 'not_stated',
  not_stated_or_recorded: 'not_stated',
};

/** DfE category-of-abuse words (Annex A) to the census codes, so both returns store one code. */
const ABUSE: Readonly<Record<string, string>> = {
  neg: 'NEG',
  phy: 'PHY',
  sab: 'SAB',
  emo: 'EMO',
  mul: 'MUL',
  neglect: 'NEG',
  physical: 'PHY',
  physical_abuse: 'PHY',
  sexual: 'SAB',
  sexual_abuse: 'SAB',
  emotional: 'EMO',
  emotional_abuse: 'EMO',
  multiple: 'MUL',
  multiple_categories: 'MUL',
};

/** Lower snake case of free spelling: `Not stated/recorded` -> `not_stated_recorded`. */
function snake(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function ageBand(text: string): string | undefined {
  const t = snake(
    text
      .replace(/<\s*1\b/, 'under 1')
      .replace(/\+/g, ' plus')
      .replace(/–|—/g, '-'),
  )
    .replace(/_?(years?|yrs?)(_old)?$/, '')
    .replace(/_to_/, '_');
  if (t === 'under_1' || t === 'under1' || t === '0' || t === '0_1' || t === 'less_than_1') return 'under_1';
  if (t === '18_plus' || t === '18_and_over' || t === 'over_18' || t === '18_or_over') return '18_plus';
  return ['1_4', '5_9', '10_15', '16_17'].includes(t) ? t : undefined;
}

/**
 * One raw spelling of a coded value (as DfE returns, Annex A workbooks and local systems write
 * them: `Under 1`, `10-15`, `b) Female`, `2`, `n1 - abuse or neglect`, `C2: FCO`) to the code the
 * store keeps, or undefined when it is not a spelling of any code. Call it after the PII check on
 * the raw value: the normaliser would otherwise turn e.g. a name into a code-shaped string.
 * @example normaliseCode('age_band', '10-15') // '10_15'; normaliseCode('sex', '2') // 'female'
 */
export function normaliseCode(attribute: CodedAttribute, raw: string): string | undefined {
  const text = raw
    .trim()
    .replace(/^[a-z]{1,2}\)\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return undefined;
  switch (attribute) {
    case 'age_band':
      return ageBand(text);
    case 'sex':
      return SEX[snake(text)];
    case 'primary_need': {
      const m = /^n\s*([0-9])(?![0-9])/i.exec(text);
      return m ? `N${m[1]}` : undefined;
    }
    case 'activity': {
      const s = snake(text);
      if (s === 'eet' || s === 'neet' || s === 'unknown') return s;
      if (/^f[0-9]/.test(s) || s.startsWith('in_education')) return 'eet';
      if (/^g[0-9]/.test(s) || s.startsWith('not_in_education')) return 'neet';
      return undefined;
    }
    default: {
      // Open lists: a leading DfE code (`C2: FCO`, `RC8 ...`, `1A`, `E4A`) in upper case, else lower snake.
      const coded = /^([A-Z]{0,3}[0-9]{1,3}[A-Z]?|[A-Z]{2,4})(?:\s*[:\-–]\s*|\s+|$)/i.exec(text);
      if (coded && (/[0-9]/.test(coded[1]!) || coded[1] === coded[1]!.toUpperCase())) {
        const code = coded[1]!.toUpperCase();
        return attribute === 'abuse_category' ? (ABUSE[snake(code)] ?? code) : code;
      }
      const s = snake(text);
      if (s === '' || s.length > 40) return undefined;
      if (/^[a-z]{0,3}[0-9]{1,3}[a-z]?$/.test(s)) return s.toUpperCase();
      return attribute === 'abuse_category' ? (ABUSE[s] ?? s) : s;
    }
  }
}
