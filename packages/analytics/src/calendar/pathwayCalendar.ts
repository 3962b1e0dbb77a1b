import type { PathwayDefinition } from '@continuum/machines';
import { type CalendarName, calendarFor } from './calendars.ts';
import type { WorkingCalendar } from './WorkingCalendar.ts';

const shipped = new Map<CalendarName, WorkingCalendar>();

/**
 * The working-day calendar a pathway's timescales are counted in: the pathway's own `calendar`
 * (its jurisdiction: the default Jersey pathway says `jersey`), else the deployment's default, else
 * England and Wales. One calendar per name is built per process.
 */
export function pathwayCalendar(
  definition: Pick<PathwayDefinition, 'calendar'>,
  fallback: CalendarName = 'england-and-wales',
): WorkingCalendar {
  const name = definition.calendar ?? fallback;
  let calendar = shipped.get(name);
  if (!calendar) {
    calendar = calendarFor(name);
    shipped.set(name, calendar);
  }
  return calendar;
}
