import {
  defaultPathway,
  type PathwayDefinition,
  PathwayDefinitionSchema,
  TIME_DOMAIN,
} from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { toDay } from '../calendar/dayNumber.ts';
import { calendarFor } from '../calendar/calendars.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { computeKpis } from '../kpis/kpis.ts';
import type { StageInterval } from '../columnar/fromIntervals.ts';
import { journey } from '../testing/journey.ts';
import { overdueCases } from '../timescales/overdueCases.ts';
import { processMap } from './processMap.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const ew = calendarFor('england-and-wales');

function stay(
  caseId: string,
  stage: string,
  enteredAt: number | string,
  exitedAt: number | string | null,
  nextStage: string | null = null,
): StageInterval {
  return { caseId, stage, enteredAt, exitedAt, nextStage, exitEvent: nextStage ? 'accept_referral' : null };
}

describe('analytics cost does not depend on the spread of stored dates', () => {
  // Rows stored before the time domain was enforced: epoch-ms 8.64e15 (year 275760) and -8.64e15.
  const intervals = [
    stay('far-future', 'front_door', 8_640_000_000_000_000, null),
    stay('far-past', 'front_door', -8_640_000_000_000_000, '2024-05-28', 'assessment'),
    stay('far-past', 'assessment', '2024-05-28', null),
    ...journey('year-9999', [['front_door', '9999-12-31']]),
    ...journey('normal', [
      ['front_door', '2024-05-24'],
      ['assessment', '2024-05-28', 'accept_referral'],
    ]),
  ];

  it('pins out-of-domain days to the domain edges in the index', () => {
    const index = indexFromIntervals(intervals);
    expect(index.minDay).toBe(TIME_DOMAIN.minDay);
    expect(index.maxDay).toBe(TIME_DOMAIN.maxDay);
    expect(index.maxDuration).toBeLessThanOrEqual(TIME_DOMAIN.maxDay - TIME_DOMAIN.minDay);
  });

  it('answers map, KPIs and overdue over stays spanning the whole domain', () => {
    const index = indexFromIntervals(intervals);
    const query = { from: toDay('2024-01-01'), to: toDay('2024-12-31'), asOf: toDay('2024-12-31') };
    const map = processMap(index, pathway, query, ew);
    expect(map.stages.find((s) => s.stage === 'assessment')!.openAsOf).toBe(2);
    computeKpis(index, pathway, query);
    const overdue = overdueCases(index, pathway, { asOf: query.asOf }, ew);
    expect(overdue.total).toBeGreaterThanOrEqual(0);
  });
});
