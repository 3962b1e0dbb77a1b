import { compile, defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from './canonicalEvent.ts';
import { continueCase, continueWalk } from './continueCase.ts';

const pathway = compile(defaultPathway);
const ev = (stage: string, entered_at: string, event: string): CanonicalEvent => ({
  case_ref: 'c',
  stage,
  entered_at,
  event,
});
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
    expect(outcomes(result.fates)).toEqual(['merged', 'merged', 'moved', 'kept']);
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
      fates: [{ outcome: 'moved', reason: 'continues from the stored s47_enquiry by become_looked_after' }],
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
            ['kept', 'moved', 'outside_pathway'].includes(result.fates[i]!.outcome),
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

describe('continueWalk: the units behind a continued case settled again', () => {
  /** Units named by string, their outcomes in a map, as an importer's rows or elements. */
  const unitsOf = (initial: Record<string, string>) => {
    const outcomes = new Map(Object.entries(initial));
    return {
      outcomes,
      units: {
        outcomeOf: (u: string) => outcomes.get(u),
        settle: (u: string, outcome: string) => void outcomes.set(u, outcome),
      },
    };
  };
  // A return to care after a closure: flagged by the walk (the pathway has no closed -> looked_after).
  const walk = {
    events: [
      ev('looked_after', '2019-01-01', ''),
      ev('closed', '2019-06-01', 'cease_looked_after'),
      ev('looked_after', '2020-01-01', ''),
    ],
    carried: [['row1', 'header'], ['row1'], ['row2', 'codes']],
    outside: [{ from: 'closed', to: 'looked_after', event: 2 }],
  };
  const read = { row1: 'imported', header: 'imported', row2: 'outside_pathway', codes: 'imported' };

  it('read over a store holding the first period: the flagged return is written once and counted once', () => {
    const { outcomes, units } = unitsOf(read);
    const written = continueWalk(walk, { stage: 'closed', lastDate: '2019-06-01' }, pathway, 'flag', units);
    expect(written.events).toEqual([{ ...walk.events[2]!, event: '' }]);
    expect(written.outsideMoves).toEqual(['closed -> looked_after']);
    // Only the move's own row is outside the pathway; the codes it carries are imported.
    expect(Object.fromEntries(outcomes)).toEqual({
      row1: 'merged',
      header: 'merged',
      row2: 'outside_pathway',
      codes: 'imported',
    });
  });

  it('a row flagged for a return to care the store already has, whose closure is new, is imported', () => {
    const returned = {
      events: [...walk.events, ev('closed', '2020-06-01', 'cease_looked_after')],
      carried: [...walk.carried, ['row2']],
      outside: walk.outside,
    };
    const { outcomes, units } = unitsOf(read);
    const written = continueWalk(
      returned,
      { stage: 'looked_after', lastDate: '2020-01-01' },
      pathway,
      'flag',
      units,
    );
    expect(written.events.map((e) => [e.stage, e.entered_at])).toEqual([['closed', '2020-06-01']]);
    expect(written.outsideMoves).toEqual([]);
    expect(outcomes.get('row2')).toBe('imported');
  });

  it('a move the walk flagged that the stored stage makes legal is imported, and not reported outside', () => {
    const { outcomes, units } = unitsOf(read);
    const written = continueWalk(
      walk,
      { stage: 'child_in_need', lastDate: '2019-12-01' },
      pathway,
      'flag',
      units,
    );
    expect(written.events).toEqual([{ ...walk.events[2]!, event: 'become_looked_after' }]);
    expect(written.outsideMoves).toEqual([]);
    expect(outcomes.get('row2')).toBe('imported');
  });

  it('a unit behind a written event and one the store has keeps its outcome; with no stored position nothing changes', () => {
    const { outcomes, units } = unitsOf(read);
    const written = continueWalk(
      walk,
      { stage: 'looked_after', lastDate: '2019-01-01' },
      pathway,
      'flag',
      units,
    );
    expect(written.events.map((e) => e.entered_at)).toEqual(['2019-06-01', '2020-01-01']);
    expect(outcomes.get('row1')).toBe('imported');
    expect(outcomes.get('header')).toBe('merged');
    expect(written.outsideMoves).toEqual(['closed -> looked_after']);
    const none = unitsOf(read);
    expect(continueWalk(walk, undefined, pathway, 'flag', none.units)).toEqual({
      events: walk.events,
      outsideMoves: ['closed -> looked_after'],
    });
    expect(Object.fromEntries(none.outcomes)).toEqual(read);
  });
});
