import { CODED_ATTRIBUTES, defaultPathway, findPii, validatePathway } from '@continuum/machines';
import { parseAttributeValue, parseClientEventId } from '@continuum/store';
import { describe, expect, it } from 'vitest';
import { demoPathway } from './demoPathway.ts';
import { demoRows, demoWindow } from './loadDemo.ts';

describe('the PII checks on the demo and the default pathway (no false positives)', () => {
  it('pass every name, label, id and tag of the default and the demo pathway', () => {
    for (const def of [defaultPathway, demoPathway]) {
      expect(findPii(def)).toEqual([]);
      expect(validatePathway(def).problems.filter((p) => p.code === 'pii_rejected')).toEqual([]);
    }
  });

  it("pass every coded attribute value and event id of the demo's five-year log", () => {
    const { startDate } = demoWindow(new Date('2025-06-15T00:00:00Z'));
    const values = new Set<string>();
    let ids = 0;
    for (const row of demoRows(startDate)) {
      for (const name of CODED_ATTRIBUTES) {
        const v = (row as Record<string, string | undefined>)[name];
        if (v && !values.has(`${name}=${v}`)) {
          values.add(`${name}=${v}`);
          expect(parseAttributeValue(name, v, name)).toBe(v);
        }
      }
      expect(parseClientEventId(row.event_id, 'event_id')).toBe(row.event_id);
      ids++;
    }
    expect(ids).toBeGreaterThan(10_000);
    expect(values.size).toBeGreaterThan(20);
  });
});
