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
        // The time domain (1900-2100) still holds a non-leap century (1900) and a leap one (2000).
        fc.integer({ min: 1900, max: 2100 }),
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

  it('reads epoch milliseconds, but not a date written as eight digits (20250106 is no moment of 1970)', () => {
    expect(parseTime(Date.parse('2025-01-06T00:00:00Z'), 'x')).toBe(Date.parse('2025-01-06T00:00:00Z'));
    expect(parseTime(0, 'x')).toBe(0);
    for (const digits of [20250106, 19991231, 10_000_000])
      expect(() => parseTime(digits, 'entered_at')).toThrow(
        /looks like a date written as digits \(YYYYMMDD\)/,
      );
  });

  it('refuses every instant outside 1900-01-01..2100-12-31, never shifting years 0-99', () => {
    const outside: unknown[] = [
      8_640_000_000_000_001,
      8_640_000_000_000_000,
      -8_640_000_000_000_000,
      Date.UTC(1899, 11, 31, 23, 59, 59, 999),
      Date.UTC(2101, 0, 1),
      '9999-12-31',
      '0099-06-15',
      '0099-06-15T10:00:00Z',
      '0099-06-15T10:00:00.000Z',
      '0000-01-01',
      '1899-12-31T23:59:59.999Z',
      '2101-01-01T00:00:00Z',
      '2100-12-31T23:30:00-01:00',
    ];
    for (const raw of outside) {
      expect(() => parseTime(raw, 'occurredAt'), String(raw)).toThrow(
        expect.objectContaining({
          code: 'invalid_value',
          field: 'occurredAt',
          message: expect.stringMatching(/1900-01-01 to 2100-12-31/),
        }),
      );
    }
    expect(parseTime('1900-01-01', 'x')).toBe(Date.UTC(1900, 0, 1));
    expect(parseTime('2100-12-31T23:59:59.999Z', 'x')).toBe(Date.UTC(2100, 11, 31, 23, 59, 59, 999));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
        expect(() => parseTime(text, 'x')).toThrow();
      }),
    );
  });
});
