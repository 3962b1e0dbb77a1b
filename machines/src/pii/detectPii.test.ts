import { describe, expect, it } from 'vitest';
import { defaultPathway } from '../defaultPathway.ts';
import { validatePathway } from '../validatePathway.ts';
import { detectPii } from './detectPii.ts';
import { findPii } from './findPii.ts';
import { PII_PROBES } from './piiProbes.fixture.ts';

describe('detectPii on raw and code-shaped values', () => {
  it.each(PII_PROBES)('refuses the $kind probe $value', ({ value }) => {
    expect(detectPii(value)).toBeDefined();
    expect(detectPii(value, { opaqueIds: true })).toBeDefined();
  });

  it('names the kind without repeating the value', () => {
    expect(detectPii('jane_smith')).toBe("looks like a person's name");
    expect(detectPii('2012_03_04')).toMatch(/date/);
    expect(detectPii('20120304')).toMatch(/date/);
    expect(detectPii('07700_900123')).toMatch(/phone/);
    expect(detectPii('je2_3qa')).toMatch(/postcode/);
    expect(detectPii('A123456789012 is not an event')).toBe('looks like a Unique Pupil Number (UPN)');
    // Not a UPN: part of a longer code, or too few digits.
    for (const v of ['XA123456789012', 'A1234567890123', 'A12345678901', 'RC9'])
      expect(detectPii(v), v).toBeUndefined();
    for (const p of PII_PROBES) expect(detectPii(p.value)).not.toContain(p.value);
  });

  it('lets legitimate codes and labels through', () => {
    const legit = [
      'no_further_action',
      'step_down',
      'child_in_need',
      'early_help',
      'Child in Need',
      'Looked After',
      'Early Help',
      'Care Leaver',
      'MASST front door',
      'Section 47 enquiry',
      's47_enquiry',
      'Initial child protection conference',
      'Foster placement with relative or friend',
      'U1: Foster placement with relative or friend',
      'Physical Abuse',
      'Abuse or neglect',
      'Residential school',
      'Special guardianship order',
      'Other legal agency',
      'Health services',
      'Kensington and Chelsea',
      'Will review',
      'Grace period',
      'RC9',
      'N1',
      '16_17',
      '18_plus',
      'under_1',
      'local_authority',
      'L1',
      'Early help +20%',
    ];
    for (const v of legit) expect(detectPii(v), v).toBeUndefined();
  });

  it('lets opaque client event ids through', () => {
    for (const id of [
      '550e8400-e29b-41d4-a716-446655440000',
      '9f86d081884c7d659a2feaa0c55ad015',
      '1',
      '42',
      '1234567',
      '123456789',
      'form-77',
      'p-12',
      'DEMO-000a1b-3',
      'annexa:d18262:front_door:1',
      'ev-2',
    ]) {
      expect(detectPii(id, { opaqueIds: true }), id).toBeUndefined();
    }
  });
});

describe('pathway validation checks every name, label and id for personal data', () => {
  it('passes the default pathway unchanged (no false positives)', () => {
    expect(findPii(defaultPathway)).toEqual([]);
    expect(validatePathway(defaultPathway).ok).toBe(true);
  });

  it.each(PII_PROBES)(
    'refuses $value as a name, a label, a group label and an id, with the path',
    ({ value }) => {
      const def = structuredClone(defaultPathway) as typeof defaultPathway & Record<string, unknown>;
      def.name = value;
      def.stages[1]!.label = value;
      def.groups![0]!.label = value;
      def.stages[0]!.timescale = { value: 1, unit: 'working_days', label: value };
      def.transitions[0]!.kpiTags = [value];
      const result = validatePathway(def);
      expect(result.ok).toBe(false);
      const pii = result.problems.filter((p) => p.code === 'pii_rejected');
      expect(pii.map((p) => p.path.join('.'))).toEqual(
        expect.arrayContaining([
          'name',
          'stages.1.label',
          'groups.0.label',
          'stages.0.timescale.label',
          'transitions.0.kpiTags.0',
        ]),
      );
      for (const p of result.problems) expect(p.message).not.toContain(value);
    },
  );
});
