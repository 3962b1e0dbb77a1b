import { shownKey } from '../quoteSent.ts';
import { type DetectPiiOptions, detectPii } from './detectPii.ts';

/** One value in a JSON document that looks like personal data: where it is and why (never the value). */
export interface PiiFinding {
  path: (string | number)[];
  reason: string;
}

/**
 * Every string in a JSON value (object keys included) that detectPii refuses, with its path. Walks
 * iteratively, so a deeply nested body cannot overflow the stack; numbers and booleans are not read.
 * `skip` names object keys whose values are dates or ids by design (e.g. a simulation's `startDate`).
 */
export function findPii(
  value: unknown,
  options: DetectPiiOptions & { skip?: ReadonlySet<string> } = {},
): PiiFinding[] {
  const out: PiiFinding[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = detectPii(v, options);
      if (reason) out.push({ path, reason });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (options.skip?.has(key)) continue;
        const reason = detectPii(key, options);
        // A key like personal data is withheld from every path it is on, its own and its children's.
        const shown = reason ? '(key withheld)' : shownKey(key);
        if (reason) out.push({ path: [...path, shown], reason: `(as a key) ${reason}` });
        stack.push({ value: child, path: [...path, shown] });
      }
    }
  }
  return out;
}

/** A refusal sentence for a finding: names the field and the reason, never the value. */
export function piiMessage(finding: PiiFinding): string {
  const where = finding.path.length > 0 ? finding.path.join('.') : 'the value';
  return `${where} ${finding.reason}; names, contact details and dates of birth must not be stored (the value is not repeated here).`;
}
