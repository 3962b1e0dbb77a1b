import type { IntervalIndex } from '@continuum/analytics';
import { ATTRIBUTE_VALUES, CODED_ATTRIBUTES, type CodedAttribute } from '@continuum/store';
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
        `unknown attribute ${name}; expected one of ${CODED_ATTRIBUTES.join(', ')}`,
        key,
        { allowed: CODED_ATTRIBUTES },
      );
    }
    add(name as CodedAttribute, key, values);
  }
  return filters;
}

/**
 * For attributes without a closed list: a filter code that no case has ever carried is refused
 * (422) with the codes the data holds, instead of answering zero everywhere.
 */
export function checkRecordedCodes(
  filters: Readonly<Record<string, readonly string[]>>,
  index: IntervalIndex,
): void {
  for (const [name, values] of Object.entries(filters)) {
    if (ATTRIBUTE_VALUES[name as CodedAttribute]) continue;
    const dict = index.attributes.get(name)?.dict;
    for (const v of values) {
      // The list of recorded codes is built only to explain a refusal.
      if (v === '' || !dict || dict.codeOf(v) < 0) {
        throw unknownValue(name, `attr.${name}`, v, (dict?.values ?? []).filter((x) => x !== '').sort());
      }
    }
  }
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
    `"${value}" is not a code of ${name}${list}.`,
    field,
    {
      attribute: name,
      ...(allowed ? { allowed } : {}),
    },
  );
}
