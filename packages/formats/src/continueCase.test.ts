import { compile, defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from './canonicalEvent.ts';
import { continueCase, settleContinued } from './continueCase.ts';

const pathway = compile(defaultPathway);
const ev = (stage: string, entered_at: string, event: string): CanonicalEvent => ({
  case_ref: 'c',
  stage,
  entered_at,
  event,
});
const kept = { outcome: 'kept' };
const outcomes = (fates: readonly { outcome: string }[]) => fates.map((f) => f.outcome);

describe('continueCase', () => {
  const events = [
    ev('front_door', '2021-05-01', ''),
    ev('closed', '2021-05-01', 'no_further_action'),
    ev('front_door', '2022-06-01', 're_referral'),
    ev('assessment', '2022-06-02', 'accept_referral'),
  ];

  it('leaves out what the store has and continues by the direct move', () => {
    const at = { stage: 'closed', lastDate: '2021-05-01' };
    const result = continueCase(events, at, pathway);
    expect(result.events).toEqual(events.slice(2));
    expect(result.gap).toBeUndefined();
    expect(outcomes(result.fates)).toEqual(['merged', 'merged', 'kept', 'kept']);
    expect(result.fates[0]).toMatchObject({ reason: expect.stringContaining('2021-05-01') });
    const later = [ev('front_door', '2022-06-01', ''), ev('assessment', '2022-06-02', 'accept_referral')];
    expect(continueCase(later, at, pathway).events).toEqual(events.slice(2));
  });

  it('re-importing the same events adds nothing, and says every event is already stored', () => {
    const result = continueCase(events, { stage: 'assessment', lastDate: '2022-06-02' }, pathway);
    expect(result.events).toEqual([]);
    expect(outcomes(result.fates)).toEqual(['merged', 'merged', 'merged', 'merged']);
  });

  it('a first later event at the stored stage continues the stored stay (merged)', () => {
    const result = continueCase(events.slice(3), { stage: 'assessment', lastDate: '2022-01-01' }, pathway);
    expect(result).toEqual({
      events: [],
      fates: [{ outcome: 'merged', reason: 'continues the stored assessment stay' }],
    });
  });

  it('reject: reports a gap the pathway cannot cross and leaves the later events out, rejected', () => {
    const result = continueCase(events, { stage: 'looked_after', lastDate: '2021-01-01' }, pathway, 'reject');
    expect(result.events).toEqual([]);
    expect(result.gap).toEqual({
      case_ref: 'c',
      from: 'looked_after',
      to: 'front_door',
      at: '2021-05-01',
      dropped: 4,
      flagged: false,
    });
    expect(result.outsideMove).toBe('looked_after -> front_door');
    expect(outcomes(result.fates)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('flag (the default): keeps the recorded move with no event, for ingest to flag; bridges nothing', () => {
    const result = continueCase(events, { stage: 'looked_after', lastDate: '2021-01-01' }, pathway);
    expect(result.events).toEqual([{ ...events[0]!, event: '' }, ...events.slice(1)]);
    expect(result.gap).toEqual({
      case_ref: 'c',
      from: 'looked_after',
      to: 'front_door',
      at: '2021-05-01',
      dropped: 0,
      flagged: true,
    });
    expect(outcomes(result.fates)).toEqual(['outside_pathway', 'kept', 'kept', 'kept']);
  });

  it('continues by the one move rule: a stored stay continues into a move the pathway now has', () => {
    const result = continueCase(
      [ev('looked_after', '2021-02-01', '')],
      { stage: 's47_enquiry', lastDate: '2021-01-01' },
      pathway,
    );
    expect(result).toEqual({
      events: [ev('looked_after', '2021-02-01', 'become_looked_after')],
      fates: [kept],
    });
  });

  it('property: one fate per event read, and the events kept are those whose fate keeps them', () => {
    const stages = ['front_door', 'assessment', 'child_in_need', 'closed', 'looked_after'];
    const date = fc
      .integer({ min: 0, max: 40 })
      .map((d) => `2021-01-${String(1 + (d % 28)).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...stages), date), { maxLength: 12 }),
        fc.constantFrom(...stages),
        date,
        fc.constantFrom('flag' as const, 'reject' as const),
        (raw, stage, lastDate, option) => {
          const read = raw
            .map(([s, d]) => ev(s, d, ''))
            .sort((a, b) => a.entered_at.localeCompare(b.entered_at));
          const result = continueCase(read, { stage, lastDate }, pathway, option);
          expect(result.fates).toHaveLength(read.length);
          const through = read.filter((_, i) =>
            ['kept', 'outside_pathway'].includes(result.fates[i]!.outcome),
          );
          expect(result.events.map((e) => [e.stage, e.entered_at])).toEqual(
            through.map((e) => [e.stage, e.entered_at]),
          );
          for (const [i, e] of read.entries())
            if (e.entered_at <= lastDate) expect(result.fates[i]!.outcome).toBe('merged');
        },
      ),
    );
  });
});

describe('settleContinued', () => {
  it('a unit behind any kept event keeps its outcome; one behind only left-out events takes the first fate', () => {
    const seen: [string, string][] = [];
    settleContinued(
      [['a', 'b'], ['b', 'c'], ['d'], ['e']],
      [
        { outcome: 'merged', reason: 'stored' },
        { outcome: 'kept' },
        { outcome: 'rejected', reason: 'gap' },
        { outcome: 'outside_pathway', reason: 'flagged' },
      ],
      (unit, outcome) => seen.push([unit, outcome]),
    );
    expect(seen).toEqual([
      ['a', 'merged'],
      ['d', 'rejected'],
      ['e', 'outside_pathway'],
    ]);
  });
});
