import { CLOSED_CODE_LISTS, normaliseCode } from '@continuum/machines';
import { StoreError } from '../errors.ts';
import { CODED_ATTRIBUTES, type CodedAttribute, type CodedAttributes } from '../schema.ts';
import { detectPii } from './detectPii.ts';

/** Allowed values of the attributes that have a closed list (DfE codes): machines' lists, the ones normaliseCode maps to. */
export const ATTRIBUTE_VALUES = CLOSED_CODE_LISTS;

// Open-list attributes take codes: lower snake case (`neglect`, `foster_care`) or short upper codes (`RC9`, `L1`).
const CODE = /^(?:[a-z0-9]+(?:[_.-][a-z0-9]+)*|[A-Z0-9]{1,8}(?:[_.-][A-Z0-9]+)*)$/;
const KNOWN = new Set<string>(CODED_ATTRIBUTES);

/** True when a key is one of DOMAIN.md's coded attributes. */
export function isCodedAttribute(key: string): key is CodedAttribute {
  return KNOWN.has(key);
}

/** An attribute set with every attribute null. */
export function emptyAttributes(): CodedAttributes {
  return Object.fromEntries(CODED_ATTRIBUTES.map((a) => [a, null])) as CodedAttributes;
}

/**
 * Checks one attribute value: PII-looking values (raw or code-shaped, e.g. `jane_smith`, `20120304`)
 * and values outside the code list are refused with the field path, never echoing the value. Empty
 * means absent.
 */
export function parseAttributeValue(name: CodedAttribute, raw: unknown, path: string): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw !== 'string') throw new StoreError('invalid_value', `${path} must be a string code.`, path);
  const pii = detectPii(raw);
  if (pii) throw new StoreError('pii_rejected', `${path} ${pii}; only coded values are stored.`, path);
  // DfE spellings (`10-15`, `b) Female`, `2`, `C2: FCO`) become the stored code, after the PII check.
  const normalised = normaliseCode(name, raw);
  const allowed = ATTRIBUTE_VALUES[name];
  if (allowed) {
    if (normalised === undefined || !allowed.includes(normalised)) {
      throw new StoreError('invalid_value', `${path} must be one of ${allowed.join(', ')}.`, path, {
        allowed,
      });
    }
    return normalised;
  }
  // Open lists: a leading DfE code is taken (upper case); other text must already be a code.
  const value = normalised !== undefined && /^[A-Z0-9]/.test(normalised) ? normalised : raw;
  if (value.length > 40 || !CODE.test(value)) {
    throw new StoreError(
      'invalid_value',
      `${path} must be a code (lower_snake_case or an upper-case code such as RC9), not free text.`,
      path,
    );
  }
  return value;
}

/**
 * Validates a whole attribute object at the boundary: unknown keys are refused (not dropped), each
 * value is checked with parseAttributeValue.
 */
export function parseAttributes(input: unknown, pathPrefix = 'attributes'): CodedAttributes {
  const out = emptyAttributes();
  if (input === undefined || input === null) return out;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new StoreError('invalid_value', `${pathPrefix} must be an object of coded attributes.`, pathPrefix);
  }
  for (const [key, value] of Object.entries(input)) {
    const path = pathPrefix ? `${pathPrefix}.${key}` : key;
    if (!isCodedAttribute(key)) {
      throw new StoreError(
        'unknown_field',
        `${path} is not an allowed attribute; allowed: ${CODED_ATTRIBUTES.join(', ')}.`,
        path,
        { allowed: CODED_ATTRIBUTES },
      );
    }
    out[key] = parseAttributeValue(key, value, path);
  }
  return out;
}

/**
 * Validates a client event id (stored verbatim): opaque ids pass (UUIDs, hex, numeric sequences,
 * `source:serial`), but values that look like a name, email, phone or NHS number, postcode or date
 * (`jane_smith`, `20120304`, `2012-03-04`) are refused before the character check, so the reason
 * given is the PII one.
 */
export function parseClientEventId(raw: unknown, path = 'clientEventId'): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'string') {
    const pii = detectPii(raw, { opaqueIds: true });
    if (pii) throw new StoreError('pii_rejected', `${path} ${pii}; use an opaque id such as a UUID.`, path);
  }
  if (typeof raw !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(raw)) {
    throw new StoreError('invalid_value', `${path} must be 1-100 letters, digits or _.:- characters.`, path);
  }
  return raw;
}
