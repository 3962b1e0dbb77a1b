import type { IntervalIndex } from '@continuum/analytics';
import { quoteSent } from '@continuum/machines';
import { ATTRIBUTE_VALUES, CODED_ATTRIBUTES, type CodedAttribute } from '@continuum/store';
import { echoedField } from './echoedField.ts';
import { SUPPRESSION_POLICY } from '@continuum/analytics';
import { HttpProblem } from './problem.ts';

/** Coded-attribute filters as the analytics and case lists take them: attribute -> accepted codes. */
export type AttributeFilters = Record<string, string[]>;

const CODE = /^(?:[a-z0-9]+(?:[_.-][a-z0-9]+)*|[A-Z0-9]{1,8}(?:[_.-][A-Z0-9]+)*)$/;

/**
 * Reads `ageBand=a,b` and `attr.<name>=a,b` from a query string. An unknown attribute is 400
 * `unknown_attribute`; a code outside a closed DfE list (age_band=zzz), or a value that is not a code
 * at all, is 422 `unknown_attribute_value` naming the attribute and the allowed codes, so a typo
 * never answers as an all-zero map.
 */
export function attributeFiltersOf(all: Record<string, string[]>): AttributeFilters {
  const filters: AttributeFilters = {};
  const add = (name: CodedAttribute, field: string, values: string[]) => {
    const list = values.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
    // `ageBand=,` names no code: answering unfiltered figures would pass them off as filtered.
    if (list.length === 0)
      throw new HttpProblem(422, 'unknown_attribute_value', `${field} names no code.`, field, {
        attribute: name,
      });
    const allowed = ATTRIBUTE_VALUES[name];
    for (const v of list) {
      if (allowed ? !allowed.includes(v) : v.length > 40 || !CODE.test(v))
        throw unknownValue(name, field, v, allowed);
    }
    if (list.length > 0) filters[name] = [...(filters[name] ?? []), ...list];
  };
  if (all.ageBand) add('age_band', 'ageBand', all.ageBand);
  for (const [key, values] of Object.entries(all)) {
    if (!key.startsWith('attr.')) continue;
    const name = key.slice(5);
    if (!(CODED_ATTRIBUTES as readonly string[]).includes(name)) {
      throw new HttpProblem(
        400,
        'unknown_attribute',
        `unknown attribute ${quoteSent(name)}; expected one of ${CODED_ATTRIBUTES.join(', ')}`,
        echoedField(key, 'query'),
        { allowed: CODED_ATTRIBUTES },
      );
    }
    add(name as CodedAttribute, key, values);
  }
  return filters;
}

/**
 * For attributes without a closed list: a filter code that no case has ever carried is refused
 * (422) with the codes the data holds, instead of answering zero everywhere. A role without
 * case-level access (`caseLevel` false) is told only the codes held by more cases than a small
 * count: a code held by one child is itself a small number, and may say something of that child.
 */
export function checkRecordedCodes(
  filters: Readonly<Record<string, readonly string[]>>,
  index: IntervalIndex,
  caseLevel: boolean,
): void {
  for (const [name, values] of Object.entries(filters)) {
    if (ATTRIBUTE_VALUES[name as CodedAttribute]) continue;
    const attribute = index.attributes.get(name);
    for (const v of values) {
      // The list of recorded codes is built only to explain a refusal.
      if (v === '' || !attribute || attribute.dict.codeOf(v) < 0) {
        throw unknownValue(name, `attr.${name}`, v, recordedCodes(attribute, index.caseCount, caseLevel));
      }
    }
  }
}

/** The codes an attribute's cases carry, sorted; without case-level access, only those of 5 or more cases. */
function recordedCodes(
  attribute: ReturnType<IntervalIndex['attributes']['get']>,
  cases: number,
  caseLevel: boolean,
): string[] {
  if (!attribute) return [];
  // Cases per code (a code is its place in the dictionary).
  const held = new Uint32Array(attribute.dict.size);
  for (let c = 0; c < Math.min(cases, attribute.column.length); c++) held[attribute.column[c]!]!++;
  return attribute.dict.values
    .filter((x, k) => x !== '' && (caseLevel || held[k]! > SUPPRESSION_POLICY.smallCountMax))
    .sort();
}

function unknownValue(
  name: string,
  field: string,
  value: string,
  allowed: readonly string[] | undefined,
): HttpProblem {
  const list = allowed
    ? `; allowed: ${allowed.length > 0 ? allowed.join(', ') : '(none recorded)'}`
    : '; expected a code';
  return new HttpProblem(
    422,
    'unknown_attribute_value',
    `${quoteSent(value)} is not a code of ${name}${list}.`,
    field,
    {
      attribute: name,
      ...(allowed ? { allowed } : {}),
    },
  );
}
