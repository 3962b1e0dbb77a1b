/** Why a published count is hidden: a small count itself, or one hidden so a small count cannot be derived. */
export type SuppressionStatus = 'primary' | 'secondary';

/** Counts from 1 to 4 are suppressed (DfE practice); 0 and 5+ are shown unless needed as secondary. */
export function isSmallCount(value: number): boolean {
  return value >= 1 && value <= 4;
}

/**
 * Primary and secondary suppression over a set of counts linked by linear relations (each
 * relation lists cells bound by a known equation with non-zero coefficients, e.g. a total and its
 * parts, or open at start + entries - exits = open at end).
 *
 * Rule: after suppression no relation has exactly one hidden member, because that member would be
 * the published others' sum or difference. While a relation has exactly one, another member is
 * hidden: the smallest non-zero part (a total only when no part is left), repeated to a fixed
 * point since a newly hidden cell may sit in other relations.
 */
export function suppress(
  cells: ReadonlyMap<string, number>,
  relations: readonly (readonly string[])[],
): Map<string, SuppressionStatus> {
  const status = new Map<string, SuppressionStatus>();
  for (const [id, value] of cells) if (isSmallCount(value)) status.set(id, 'primary');
  for (const relation of relations) {
    for (const id of relation) if (!cells.has(id)) throw new Error(`relation names unknown cell ${id}`);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const relation of relations) {
      const hidden = relation.filter((id) => status.has(id)).length;
      if (hidden !== 1) continue;
      const pick = chooseSecondary(relation, cells, status);
      if (pick !== undefined) {
        status.set(pick, 'secondary');
        changed = true;
      }
    }
  }
  return status;
}

function chooseSecondary(
  relation: readonly string[],
  cells: ReadonlyMap<string, number>,
  status: ReadonlyMap<string, SuppressionStatus>,
): string | undefined {
  const [total, ...parts] = relation;
  const open = parts.filter((id) => !status.has(id));
  const byValue = (a: string, b: string) => cells.get(a)! - cells.get(b)! || a.localeCompare(b);
  const nonZero = open.filter((id) => cells.get(id)! > 0).sort(byValue);
  if (nonZero.length > 0) return nonZero[0];
  const zeros = [...open].sort(byValue);
  if (zeros.length > 0) return zeros[0];
  return total !== undefined && !status.has(total) ? total : undefined;
}
