import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTime } from './time.ts';

describe('parseTime', () => {
  it('agrees with Date.parse on every ISO date-time it reads', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(parseTime(iso, 'x')).toBe(Date.parse(iso));
          expect(parseTime(iso.slice(0, 10), 'x')).toBe(Date.parse(iso.slice(0, 10)));
          expect(parseTime(`${iso.slice(0, 19)}Z`, 'x')).toBe(Date.parse(`${iso.slice(0, 19)}Z`));
        },
      ),
    );
  });

  it('refuses exactly the calendar dates Date refuses (leap years, month lengths)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1600, max: 2400 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, day) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const valid = new Date(Date.UTC(y, m - 1, day)).getUTCDate() === day;
          if (valid) expect(parseTime(text, 'x')).toBe(Date.UTC(y, m - 1, day));
          else expect(() => parseTime(text, 'x')).toThrow();
          if (valid)
            expect(parseTime(`${text}T23:59:59.999Z`, 'x')).toBe(Date.UTC(y, m - 1, day, 23, 59, 59, 999));
        },
      ),
    );
    for (const bad of ['2025-01-06T10:60:00Z', '2025-0a-06', '2025-01-06T10:00:0xZ']) {
      expect(() => parseTime(bad, 'x')).toThrow();
    }
  });

  it('reads offsets and refuses non-dates naming the field', () => {
    expect(parseTime('2025-01-06T10:00:00+01:00', 'x')).toBe(Date.parse('2025-01-06T09:00:00Z'));
    for (const bad of ['2025-02-30', '06/01/2025', 'yesterday', '2025-13-01', '']) {
      expect(() => parseTime(bad, 'entered_at')).toThrow(expect.objectContaining({ field: 'entered_at' }));
    }
  });
});
