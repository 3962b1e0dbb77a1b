import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii, isNhsNumber } from './detectPii.ts';
import { parseAttributes } from './parseAttributes.ts';

/** Appends the modulus-11 check digit to nine digits, or undefined when none exists (check 10). */
function withCheckDigit(nine: number[]): string | undefined {
  const sum = nine.reduce((acc, d, i) => acc + d * (10 - i), 0);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check === 10 ? undefined : `${nine.join('')}${check}`;
}

describe('detectPii', () => {
  it('recognises the usual identifiers', () => {
    expect(detectPii('jo.bloggs@example.org')).toMatch(/email/);
    expect(detectPii('943 476 5919')).toMatch(/NHS/);
    expect(detectPii('07700 900123')).toMatch(/phone/);
    expect(detectPii('+44 7700 900123')).toMatch(/phone/);
    expect(detectPii('JE2 3QA')).toMatch(/postcode/);
    expect(detectPii('sw1a1aa')).toMatch(/postcode/);
    expect(detectPii('12/03/2015')).toMatch(/date/);
    expect(detectPii('2015-03-12')).toMatch(/date/);
    expect(detectPii('Jane Smith')).toMatch(/name/);
    expect(detectPii('Smith, Jane')).toMatch(/name/);
  });

  it('lets codes through', () => {
    for (const code of ['N1', 'neglect', 'RC9', 'foster_care', '16_17', 'L1', 'eet', '1A']) {
      expect(detectPii(code)).toBeUndefined();
    }
  });

  it('finds every 10-digit number with a valid NHS check digit, however it is spaced', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (nine) => {
        const nhs = withCheckDigit(nine);
        if (!nhs) return;
        expect(isNhsNumber(nhs)).toBe(true);
        expect(detectPii(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)).toBeDefined();
      }),
    );
  });

  it('rejects a wrong check digit as an NHS number', () => {
    expect(isNhsNumber('9434765918')).toBe(false);
  });
});

describe('parseAttributes', () => {
  it('accepts coded values and fills the rest with null', () => {
    const a = parseAttributes({ age_band: '5_9', primary_need: 'N1', legal_status: 'C2' });
    expect(a).toMatchObject({ age_band: '5_9', primary_need: 'N1', legal_status: 'C2', sex: null });
  });

  it('names the field of an unknown attribute, a PII value and an off-list code', () => {
    expect(() => parseAttributes({ name: 'x' })).toThrow(
      expect.objectContaining({ code: 'unknown_field', field: 'attributes.name' }),
    );
    expect(() => parseAttributes({ referral_source: 'Jane Smith' })).toThrow(
      expect.objectContaining({ code: 'pii_rejected', field: 'attributes.referral_source' }),
    );
    expect(() => parseAttributes({ age_band: '7' })).toThrow(
      expect.objectContaining({ code: 'invalid_value', field: 'attributes.age_band' }),
    );
    expect(() => parseAttributes({ closure_reason: 'moved away with grandma' })).toThrow(
      expect.objectContaining({ code: 'invalid_value', field: 'attributes.closure_reason' }),
    );
  });
});
