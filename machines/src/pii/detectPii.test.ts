import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODED_ATTRIBUTES } from '../codedAttributes.ts';
import { defaultPathway } from '../defaultPathway.ts';
import { validatePathway } from '../validatePathway.ts';
import { detectPii } from './detectPii.ts';
import { findPii } from './findPii.ts';
import { GIVEN_NAMES, NOT_JOINED_NAMES, SURNAMES, WORD_SURNAMES } from './personNames.ts';
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
      ...ENGLISH_CODES,
    ];
    for (const v of legit) expect(detectPii(v), v).toBeUndefined();
  });

  it('lets English words through that split like a joined name', () => {
    // Each splits into a listed given name and surname, or an initial and a surname.
    for (const v of ['fallen', 'trees', 'frees', 'Hollywood', 'jaywalker', 'Hamiltonian', 'Jacksonian']) {
      expect(detectPii(v), v).toBeUndefined();
      expect(detectPii(v.toUpperCase()), v).toBeUndefined();
    }
    for (const v of ['Brownian', 'rosemary', 'hillbilly', 'Bellamy', 'Trees have fallen']) {
      expect(detectPii(v), v).toBeUndefined();
    }
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

/** Ordinary English words the product and the returns use as codes (and their labels). */
const ENGLISH_CODES = [
  'no_further_action',
  'management_oversight',
  'care_leaver',
  'looked_after',
  'step_down',
  'step_up',
  'early_help',
  'assessment',
  'police',
  'school',
  'health',
  'neglect',
  'emotional',
  'physical',
  'sexual',
  'education',
  'employment',
  'training',
  'placement',
  'adoption',
  'residential',
  'fostering',
  'foster_care',
  'special_guardianship',
  'Management oversight',
  'Emotional abuse',
  'Sexual abuse',
  'Education, employment or training',
];

/**
 * The code tables of packages/formats, written out here because machines may not import that
 * package (the dependency rules): SSDA903 columns and codes, CIN census element names and codes,
 * Annex A's coded values.
 */
const FORMAT_CODES = [
  ...['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE'],
  ...['PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN', 'FORMER_UPN'],
  ...['IN_TOUCH', 'ACTIV', 'ACCOM', 'OC3', 'EPISODE', 'EPISODES', 'HEADER', 'CHILDID'],
  ...['S', 'L', 'P', 'T', 'U', 'B', 'X1', 'C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3'],
  ...['V2', 'V3', 'V4', 'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3'],
  ...['R5', 'S1', 'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1'],
  ...['E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17', 'E2', 'E3', 'E4A', 'E4B', 'E41', 'E45', 'E46'],
  ...['E47', 'E48', 'E5', 'E6', 'E7', 'E8', 'E9', 'F1', 'F2', 'G4', 'G5', 'G6'],
  ...['Message', 'Header', 'Children', 'Child', 'ChildIdentifiers', 'ChildCharacteristics', 'LAchildID'],
  ...['UPN', 'FormerUPN', 'UPNunknown', 'PersonBirthDate', 'ExpectedPersonBirthDate', 'PersonDeathDate'],
  ...['GenderCurrent', 'Ethnicity', 'Disabilities', 'Disability', 'CINdetails', 'CINreferralDate'],
  ...['ReferralSource', 'PrimaryNeedCode', 'CINclosureDate', 'ReasonForClosure', 'DateOfInitialCPC'],
  ...['ReferralNFA', 'Assessments', 'AssessmentActualStartDate', 'AssessmentInternalReviewDate'],
  ...['AssessmentAuthorisationDate', 'FactorsIdentifiedAtAssessment', 'AssessmentFactors', 'CINPlanDates'],
  ...['CINPlanStartDate', 'CINPlanEndDate', 'Section47', 'S47ActualStartDate', 'InitialCPCtarget'],
  ...['ICPCnotRequired', 'ChildProtectionPlans', 'CPPstartDate', 'CPPendDate', 'InitialCategoryOfAbuse'],
  ...['LatestCategoryOfAbuse', 'NumberOfPreviousCPP', 'Reviews', 'CPPreviewDate', 'ReferenceDate'],
  ...['NEG', 'PHY', 'SAB', 'EMO', 'MUL', 'WBRI', 'N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'],
  ...['N9', 'RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9', '1A', '1B', '1C', '2A', '2B'],
  ...['3A', '3F', '4', '5A', '5D', '6', '10', 'under_1', '1_4', '5_9', '10_15', '16_17', '18_plus'],
  ...['male', 'female', 'unknown', 'indeterminate', 'eet', 'neet', 'Contacts', 'Early help', 'Referrals'],
  ...['Assessments', 'Section 47 enquiries', 'Children in need', 'Child protection plans'],
  ...['Children looked after', 'Care leavers'],
];

/** Every string in a JSON value, object keys included. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

describe("the product's own vocabulary is never refused", () => {
  const vocabulary = [
    ...new Set([...stringsOf(defaultPathway), ...CODED_ATTRIBUTES, ...ENGLISH_CODES, ...FORMAT_CODES]),
  ];

  it('passes every id, event, tag, label and code of the default pathway and the code tables', () => {
    expect(vocabulary.length).toBeGreaterThan(250);
    expect(vocabulary.filter((v) => detectPii(v) !== undefined)).toEqual([]);
    expect(vocabulary.filter((v) => detectPii(v, { opaqueIds: true }) !== undefined)).toEqual([]);
  });

  it('passes them upper-cased, full-width or with invisible characters too (folding adds no refusal)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...vocabulary), fc.func(fc.boolean()), (v, pick) => {
        expect(detectPii(v.toUpperCase()), v).toBeUndefined();
        expect(detectPii(fullWidth(v, (i) => pick(i))), v).toBeUndefined();
        expect(detectPii([...v].join('\u200b')), v).toBeUndefined();
      }),
    );
  });
});

/** Full-width forms of the printable ASCII characters chosen by `pick` (by index). */
function fullWidth(v: string, pick: (i: number) => boolean): string {
  return [...v]
    .map((c, i) => (pick(i) && c > ' ' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
    .join('');
}

// Invisible format and default-ignorable characters: zero-width space, joiners, word joiner, soft
// hyphen, BOM, invisible operators, Mongolian vowel separator, Hangul filler, variation selector.
const INVISIBLES = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u2060',
  '\u2062',
  '\u00ad',
  '\ufeff',
  '\u180e',
  '\u3164',
  '\ufe0f',
  '\u034f',
];
const UNICODE_SPACES = ['\u00a0', '\u2002', '\u2007', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000'];
// Zeros of other scripts' decimal digits: Arabic-Indic, Devanagari, Bengali, Thai, full-width, bold.
const ZEROS = [0x660, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce];
// Latin letters and the Cyrillic or Greek letter drawn like each.
const LOOKALIKE_OF: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  i: 'і',
  j: 'ј',
  s: 'ѕ',
  A: 'Α',
  S: 'Ѕ',
  M: 'М',
  E: 'Ε',
  T: 'Т',
  H: 'Н',
};

describe('detectPii sees through Unicode tricks', () => {
  it.each([
    'Ｊａｎｅ Ｓｍｉｔｈ',
    'Ａ123456789012',
    'ＳＷ1Ａ 1ＡＡ',
    '２０１２-０３-０４',
    'Jane\u200bSmith',
    'Jane\u2060Smith',
    'Jane\u00adSmith',
    'jane\u200bsmith',
    'SW1A\u200b1AA',
    'A12345678901\u200b2',
    'Jane\u00a0Smith',
    'SW1A\u00a01AA',
    'Zoë Smith',
    'Chloé_Smith',
    'Jаne Smіth',
    '٠٧٧٠٠ ٩٠٠١٢٣',
    '2012\u201303\u201304',
    '04\u221503\u22152012',
    'jane＠example．com',
  ])('refuses %j', (value) => {
    expect(detectPii(value)).toBeDefined();
    expect(detectPii(value, { opaqueIds: true })).toBeDefined();
  });

  const probe = fc.constantFrom(...PII_PROBES.map((p) => p.value));

  it('refuses a probe with invisible characters put anywhere in it', () => {
    fc.assert(
      fc.property(
        probe,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLES)), { maxLength: 6 }),
        (v, ins) => {
          let s = v;
          for (const [at, c] of ins) {
            const i = at % (s.length + 1);
            s = s.slice(0, i) + c + s.slice(i);
          }
          expect(detectPii(s), JSON.stringify(s)).toBeDefined();
        },
      ),
    );
  });

  it('refuses a probe with any of its letters and digits made full-width', () => {
    fc.assert(
      fc.property(probe, fc.func(fc.boolean()), (v, pick) => {
        const s = fullWidth(v, (i) => pick(i));
        expect(detectPii(s), s).toBeDefined();
      }),
    );
  });

  it('refuses a probe with its spaces made Unicode spaces, accents added or letters made look-alikes', () => {
    fc.assert(
      fc.property(probe, fc.func(fc.integer({ min: 0, max: 3 })), (v, how) => {
        const s = [...v]
          .map((c, i) => {
            const k = how(i);
            if (c === ' ') return UNICODE_SPACES[k * 2]!;
            if (/[a-z]/i.test(c) && k === 1) return `${c}\u0301`;
            if (k === 2 && LOOKALIKE_OF[c]) return LOOKALIKE_OF[c];
            return c;
          })
          .join('');
        expect(detectPii(s), JSON.stringify(s)).toBeDefined();
      }),
    );
  });

  it("refuses a probe with its digits written in another script's digits", () => {
    fc.assert(
      fc.property(probe, fc.func(fc.constantFrom(...ZEROS)), (v, zero) => {
        const s = [...v]
          .map((c, i) => (/\d/.test(c) ? String.fromCodePoint(zero(i) + Number(c)) : c))
          .join('');
        expect(detectPii(s), s).toBeDefined();
      }),
    );
  });
});

describe('detectPii finds worded dates and joined names', () => {
  it.each([
    '3rd of March 2012',
    '3 of mar 2012',
    'born on the 3rd of March, 2012',
    '3rd_of_march_2012',
    '3rd  of  March  2012',
    'March 3rd 2012',
    'March 3, 2012',
    'March the 3rd, 2012',
  ])('refuses the date %j', (value) => {
    expect(detectPii(value)).toMatch(/date/);
  });

  it.each([
    'janesmith',
    'smithjane',
    'oliverbrown',
    'jsmith',
    'JSMITH',
    'JSmith',
    'Janesmith',
    'jsmith1',
    'case_janesmith_2',
    'akhan',
  ])('refuses the joined name %j', (value) => {
    expect(detectPii(value)).toBe("looks like a person's name");
  });

  it('refuses any listed given name and surname joined, either way, and an initial with a surname', () => {
    const given = fc.constantFrom(...GIVEN_NAMES);
    const surname = fc.constantFrom(...SURNAMES, ...WORD_SURNAMES);
    fc.assert(
      fc.property(given, surname, fc.boolean(), (g, s, upper) => {
        const forms = [`${g}${s}`, `${g[0]}${s}`, `${s}${g}`].filter(
          (f) =>
            !NOT_JOINED_NAMES.has(f) &&
            // Only listed surnames go before a given name or after an initial; no `-ian` words.
            (f === `${g}${s}` || (SURNAMES.has(s) && !(f === `${s}${g}` && g === 'ian'))),
        );
        for (const f of forms) {
          const v = upper ? f.toUpperCase() : f;
          expect(detectPii(v), v).toBe("looks like a person's name");
        }
      }),
    );
  });
});
