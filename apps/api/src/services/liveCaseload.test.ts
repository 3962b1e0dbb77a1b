import fc from 'fast-check';
import { expect, it } from 'vitest';
import { caseloadOf, caseloadStartDate } from './liveCaseload.ts';

const DAY = 86_400_000;

it('starts a simulation from a caseload on the UTC day of its asOf', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (asOf) => {
      const day = caseloadStartDate({ asOf });
      expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const start = Date.parse(`${day}T00:00:00Z`);
      expect(start).toBeLessThanOrEqual(asOf);
      expect(asOf).toBeLessThan(start + DAY);
    }),
  );
  // The caseload's own asOf (the latest recorded time) is the one used.
  const live = caseloadOf({ to: Date.UTC(2024, 2, 31, 23, 59), open: [] });
  expect(caseloadStartDate(live)).toBe('2024-03-31');
});
