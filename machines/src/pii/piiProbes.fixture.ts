/** One personal-data probe: what kind it is and the value sent. */
export interface PiiProbe {
  kind: 'name' | 'email' | 'phone' | 'nhs' | 'upn' | 'postcode' | 'dob';
  value: string;
}

/**
 * The PII probe set every boundary test sends: raw forms as a careless user types them and the
 * code-shaped forms a normaliser would have made of them (`jane_smith`, `2012_03_04`, `20120304`).
 */
export const PII_PROBES: readonly PiiProbe[] = [
  { kind: 'name', value: 'Jane Smith' },
  { kind: 'name', value: 'jane_smith' },
  { kind: 'name', value: 'jane.smith' },
  { kind: 'name', value: 'JaneSmith' },
  { kind: 'name', value: 'Smith, Jane' },
  { kind: 'name', value: 'mrs_kowalski' },
  { kind: 'email', value: 'jane@example.com' },
  { kind: 'phone', value: '07700 900123' },
  { kind: 'phone', value: '07700_900123' },
  { kind: 'phone', value: '+447700900123' },
  { kind: 'nhs', value: '943 476 5919' },
  { kind: 'nhs', value: '943_476_5919' },
  { kind: 'nhs', value: '9434765919' },
  { kind: 'upn', value: 'A123456789012' },
  { kind: 'upn', value: 'upn_a12345678901b' },
  { kind: 'postcode', value: 'JE2 3QA' },
  { kind: 'postcode', value: 'je2_3qa' },
  { kind: 'postcode', value: 'SW1A 1AA' },
  { kind: 'dob', value: '04/03/2012' },
  { kind: 'dob', value: '2012-03-04' },
  { kind: 'dob', value: '2012_03_04' },
  { kind: 'dob', value: '20120304' },
  { kind: 'dob', value: '04032012' },
  { kind: 'dob', value: '4 March 2012' },
  { kind: 'dob', value: '4_mar_2012' },
];

/**
 * Every form a probe could take once stored (as sent, lower-cased, lower-snake-cased, digits only),
 * for scanning a database or a report afterwards.
 */
export function probeForms(value: string): string[] {
  const snake = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const forms = [value, value.toLowerCase(), snake];
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 8) forms.push(digits);
  return [...new Set(forms)];
}
