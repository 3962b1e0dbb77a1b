import { defaultPathway, type PathwayDefinition, PathwayDefinitionSchema } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import { fromDay, toDay } from '../calendar/dayNumber.ts';
import { calendarFor } from '../calendar/calendars.ts';
import { indexFromIntervals } from '../columnar/fromIntervals.ts';
import { computeKpis } from '../kpis/kpis.ts';
import { processMap } from '../map/processMap.ts';
import { journey } from '../testing/journey.ts';
import { buildPublication } from './publication.ts';
import { publicationToCsv } from './toCsv.ts';

const pathway: PathwayDefinition = PathwayDefinitionSchema.parse(defaultPathway);
const ew = calendarFor('england-and-wales');

// 30 contacts in the first week of May 2024, all decided on 2024-05-08:
// 3 closed (a small count), 12 to assessment, 15 to early help.
const intervals = Array.from({ length: 30 }, (_, k) => {
  const [to, event] =
    k < 3
      ? ['closed', 'no_further_action']
      : k < 15
        ? ['assessment', 'accept_referral']
        : ['early_help', 'refer_early_help'];
  return journey(`k${k}`, [
    ['front_door', fromDay(toDay('2024-05-01') + (k % 5))],
    [to!, '2024-05-08', event],
  ]);
}).flat();
const index = indexFromIntervals(intervals);
const query = { from: toDay('2024-05-01'), to: toDay('2024-05-31'), asOf: toDay('2024-05-31') };
const publication = buildPublication(
  processMap(index, pathway, query, ew),
  computeKpis(index, pathway, query, { population: 20_000 }),
  pathway,
);
const find = (section: string, subject: string, measure: string, related = '') =>
  publication.figures.find(
    (f) => f.section === section && f.subject === subject && f.measure === measure && f.related === related,
  )!;

describe('publication with suppression', () => {
  it('suppresses the small count and the smallest other move out of the same stage', () => {
    expect(find('stage', 'front_door', 'exits')).toMatchObject({ value: 30, status: 'shown' });
    expect(find('transition', 'front_door', 'moves', 'closed')).toMatchObject({
      value: null,
      status: 'primary',
    });
    // 30 - 15 would give 3 + 12 only if one of them were shown: 12 goes as secondary.
    expect(find('transition', 'front_door', 'moves', 'assessment')).toMatchObject({
      value: null,
      status: 'secondary',
    });
    expect(find('transition', 'front_door', 'moves', 'early_help')).toMatchObject({
      value: 15,
      status: 'shown',
    });
    // Derived figures of a hidden count are hidden too.
    expect(find('transition', 'front_door', 'share_of_source_exits', 'assessment').status).toBe('derived');
    expect(find('transition', 'front_door', 'share_of_source_exits', 'early_help').value).toBe(50);
  });

  it('no relation leaves exactly one hidden member (stage balance and timescales)', () => {
    for (const stage of pathway.stages.map((s) => s.id)) {
      const hidden = ['open_at_start', 'entries', 'exits', 'open_at_end'].filter(
        (m) => find('stage', stage, m).value === null,
      );
      expect(hidden.length, stage).not.toBe(1);
    }
    // Front door: entered Wed 1 .. Sun 5 May, all decided Wed 8. Due: Thu 2, Fri 3, then Tue 7 for
    // Fri 3 - Sun 5 (Mon 6 May is the early May bank holiday): none within, 0 shown, 30 outside.
    expect(find('stage', 'front_door', 'within_timescale').value).toBe(0);
    expect(find('stage', 'front_door', 'outside_timescale').value).toBe(30);
  });

  it('a KPI count made of hidden moves is hidden with them, and what is computed from it', () => {
    // 12 referrals (accept_referral) are the 12 moves to assessment, hidden as secondary above:
    // shown, the KPI would give them away.
    expect(find('kpi', 'referrals_per_10000', 'numerator')).toMatchObject({
      value: null,
      status: 'secondary',
    });
    expect(find('kpi', 'referrals_per_10000', 'per_10000').status).toBe('derived');
    // Re-referrals 0 of 12: the numerator 0 is shown; the percentage over the hidden 12 is not.
    expect(find('kpi', 're_referrals_12_months', 'numerator').value).toBe(0);
    expect(find('kpi', 're_referrals_12_months', 'percent').status).toBe('derived');
  });

  it('writes CSV with c for suppressed values', () => {
    const csv = publicationToCsv(publication);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('section,subject,related,measure,value,status');
    expect(lines).toContain('transition,front_door,closed,moves,c,primary');
    expect(lines).toContain('transition,front_door,assessment,moves,c,secondary');
    expect(lines.length).toBe(publication.figures.length + 1);
  });
});
