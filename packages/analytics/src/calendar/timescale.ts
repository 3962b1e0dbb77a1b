import type { Timescale } from '@continuum/machines';
import { addMonths, type DayNumber } from './dayNumber.ts';
import type { WorkingCalendar } from './WorkingCalendar.ts';

/**
 * The last day a stay entered on `entered` may end and still be within its statutory timescale:
 * working days via the calendar, days as calendar days, months by calendar-month arithmetic.
 */
export function deadlineOf(entered: DayNumber, timescale: Timescale, calendar: WorkingCalendar): DayNumber {
  const value = timescale.value;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`a timescale must be a whole number >= 0, got ${value}`);
  }
  switch (timescale.unit) {
    case 'working_days':
      return calendar.addWorkingDays(entered, value);
    case 'days':
      return entered + value;
    case 'months':
      return addMonths(entered, value);
    default:
      return assertNever(timescale.unit);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled timescale unit ${String(value)}`);
}
