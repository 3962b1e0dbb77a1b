import englandAndWalesData from './holidays/england-and-wales.json' with { type: 'json' };
import jerseyData from './holidays/jersey.json' with { type: 'json' };
import { createWorkingCalendar, type WorkingCalendar } from './WorkingCalendar.ts';

/** The shipped holiday sets; a deployment picks one and may add local closure days. */
export const CALENDAR_NAMES = ['england-and-wales', 'jersey'] as const;
/** A shipped calendar's name. */
export type CalendarName = (typeof CALENDAR_NAMES)[number];

/** A shipped holiday data file: which region, which years, where the dates come from. */
export interface HolidayData {
  region: string;
  from: number;
  to: number;
  source: string;
  holidays: { date: string; name: string }[];
}

/** Bank holidays shipped as data (2015-2030), so they can be checked and corrected without code. */
export const holidayData: Record<CalendarName, HolidayData> = {
  'england-and-wales': englandAndWalesData,
  jersey: jerseyData,
};

/**
 * A shipped calendar, optionally with extra local holidays (e.g. a council's closure days) or with
 * some shipped dates removed.
 */
export function calendarFor(
  name: CalendarName,
  custom: { addHolidays?: Iterable<string>; removeHolidays?: Iterable<string> } = {},
): WorkingCalendar {
  const data = holidayData[name];
  if (!data) throw new RangeError(`unknown calendar ${name}; expected one of ${CALENDAR_NAMES.join(', ')}`);
  const removed = new Set(custom.removeHolidays ?? []);
  const dates = data.holidays.map((h) => h.date).filter((d) => !removed.has(d));
  return createWorkingCalendar({ name, holidays: [...dates, ...(custom.addHolidays ?? [])] });
}
