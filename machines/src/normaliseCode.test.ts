import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODED_ATTRIBUTES } from './codedAttributes.ts';
import { CLOSED_CODE_LISTS, normaliseCode } from './normaliseCode.ts';

describe('normaliseCode', () => {
  it.each([
    ['under 1', 'under_1'],
    ['Under 1', 'under_1'],
    ['under_1', 'under_1'],
    ['<1', 'under_1'],
    ['1-4', '1_4'],
    [' 1 - 4 ', '1_4'],
    ['1 to 4 years', '1_4'],
    ['5-9', '5_9'],
    ['10-15', '10_15'],
    ['10–15', '10_15'],
    ['16-17', '16_17'],
    ['a) 16-17', '16_17'],
    ['18+', '18_plus'],
    ['18 and over', '18_plus'],
    ['18_plus', '18_plus'],
  ])('age band %j -> %s', (raw, code) => expect(normaliseCode('age_band', raw)).toBe(code));

  it.each([
    ['1', 'male'],
    ['2', 'female'],
    ['M', 'male'],
    ['b) Female', 'female'],
    ['a) Male', 'male'],
    ['c) Not stated/recorded', 'not_stated'],
    ['0', 'unknown'],
    ['9', 'indeterminate'],
  ])('sex %j -> %s', (raw, code) => expect(normaliseCode('sex', raw)).toBe(code));

  it.each([
    ['primary_need', 'N1 - Abuse or Neglect', 'N1'],
    ['primary_need', 'n4', 'N4'],
    ['primary_need', 'a) N9: Low income', 'N9'],
    ['legal_status', 'C2: FCO', 'C2'],
    ['legal_status', 'c2', 'C2'],
    ['placement_type', 'f) U6: Foster placement', 'U6'],
    ['closure_reason', 'rc8', 'RC8'],
    ['closure_reason', 'E4A', 'E4A'],
    ['referral_source', '1a', '1A'],
    ['referral_source', 'q) 6: Police', '6'],
    ['abuse_category', 'Neglect', 'NEG'],
    ['abuse_category', 'Physical abuse', 'PHY'],
    ['abuse_category', 'emo', 'EMO'],
    ['activity', 'G5: Not in education, employment or training - other', 'neet'],
    ['activity', 'F1', 'eet'],
    ['activity', 'EET', 'eet'],
  ] as const)('%s %j -> %s', (attribute, raw, code) => expect(normaliseCode(attribute, raw)).toBe(code));

  it.each([
    ['age_band', '3'],
    ['age_band', '19-25'],
    ['age_band', 'toddler'],
    ['sex', 'x'],
    ['primary_need', 'N10'],
    ['primary_need', 'neglect'],
    ['activity', 'busy'],
    ['legal_status', '   '],
  ] as const)('%s %j is not a code', (attribute, raw) =>
    expect(normaliseCode(attribute, raw)).toBeUndefined(),
  );

  it('keeps every stored code as it is, and any spelling lands in the closed list or nowhere', () => {
    for (const [attribute, codes] of Object.entries(CLOSED_CODE_LISTS)) {
      for (const code of codes!) expect(normaliseCode(attribute as never, code)).toBe(code);
    }
    fc.assert(
      fc.property(fc.constantFrom(...CODED_ATTRIBUTES), fc.string({ maxLength: 30 }), (attribute, raw) => {
        const code = normaliseCode(attribute, raw);
        const closed = CLOSED_CODE_LISTS[attribute];
        if (code !== undefined && closed) expect(closed).toContain(code);
        if (code !== undefined) expect(normaliseCode(attribute, code)).toBe(code);
      }),
    );
  });
});
