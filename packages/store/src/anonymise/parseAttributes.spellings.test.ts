import { describe, expect, it } from 'vitest';
import { parseAttributes } from './parseAttributes.ts';

describe('parseAttributes with DfE spellings', () => {
  it('stores one code for the DfE spellings of a coded value', () => {
    expect(
      parseAttributes({
        age_band: '10-15',
        sex: '2',
        primary_need: 'N1 - Abuse or Neglect',
        legal_status: 'C2: FCO',
        placement_type: 'f) U6: Foster placement',
        abuse_category: 'Neglect',
        closure_reason: 'rc8',
      }),
    ).toMatchObject({
      age_band: '10_15',
      sex: 'female',
      primary_need: 'N1',
      legal_status: 'C2',
      placement_type: 'U6',
      abuse_category: 'NEG',
      closure_reason: 'RC8',
    });
    for (const [raw, code] of [
      ['under 1', 'under_1'],
      ['1-4', '1_4'],
      ['16-17', '16_17'],
      ['Under 1', 'under_1'],
    ]) {
      expect(parseAttributes({ age_band: raw }).age_band).toBe(code);
    }
  });

  it('still refuses unknown values with the allowed list, and PII before normalising', () => {
    expect(() => parseAttributes({ age_band: '19-25' })).toThrow(
      expect.objectContaining({ code: 'invalid_value', field: 'attributes.age_band' }),
    );
    expect(() => parseAttributes({ closure_reason: 'left care to live with grandma' })).toThrow(
      expect.objectContaining({ code: 'invalid_value', field: 'attributes.closure_reason' }),
    );
    expect(() => parseAttributes({ sex: 'Jane Smith' })).toThrow(
      expect.objectContaining({ code: 'pii_rejected' }),
    );
  });
});
