import { compile, defaultPathway } from '@continuum/machines';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from './canonicalEvent.ts';
import { continueStored } from './continueStored.ts';

const pathway = compile(defaultPathway);
const ev = (stage: string, entered_at: string, event: string): CanonicalEvent => ({
  case_ref: 'c',
  stage,
  entered_at,
  event,
});

describe('continueStored', () => {
  const events = [
    ev('front_door', '2021-05-01', ''),
    ev('closed', '2021-05-01', 'no_further_action'),
    ev('front_door', '2022-06-01', 're_referral'),
    ev('assessment', '2022-06-02', 'accept_referral'),
  ];

  it('leaves out what the store has and continues by the direct move', () => {
    const stored = new Map([['c', { stage: 'closed', lastDate: '2021-05-01' }]]);
    expect(continueStored(events, stored, pathway)).toEqual({ events: events.slice(2), gaps: [] });
    const later = [ev('front_door', '2022-06-01', ''), ev('assessment', '2022-06-02', 'accept_referral')];
    expect(continueStored(later, stored, pathway).events).toEqual(events.slice(2));
  });

  it('re-importing the same events adds nothing', () => {
    const stored = new Map([['c', { stage: 'assessment', lastDate: '2022-06-02' }]]);
    expect(continueStored(events, stored, pathway)).toEqual({ events: [], gaps: [] });
  });

  it('reject: reports a gap the pathway cannot cross and leaves the later events out', () => {
    const stored = new Map([['c', { stage: 'looked_after', lastDate: '2021-01-01' }]]);
    const result = continueStored(events, stored, pathway, 'reject');
    expect(result.events).toEqual([]);
    expect(result.gaps).toEqual([
      { case_ref: 'c', from: 'looked_after', to: 'front_door', at: '2021-05-01', dropped: 4, flagged: false },
    ]);
  });

  it('flag (the default): keeps the recorded move with no event, for ingest to flag; bridges nothing', () => {
    const stored = new Map([['c', { stage: 'looked_after', lastDate: '2021-01-01' }]]);
    const result = continueStored(events, stored, pathway);
    expect(result.events).toEqual([{ ...events[0]!, event: '' }, ...events.slice(1)]);
    expect(result.gaps).toEqual([
      { case_ref: 'c', from: 'looked_after', to: 'front_door', at: '2021-05-01', dropped: 0, flagged: true },
    ]);
  });

  it('continues by the one move rule: a stored stay continues into a move the pathway now has', () => {
    const stored = new Map([['c', { stage: 's47_enquiry', lastDate: '2021-01-01' }]]);
    const result = continueStored([ev('looked_after', '2021-02-01', '')], stored, pathway);
    expect(result).toEqual({ events: [ev('looked_after', '2021-02-01', 'become_looked_after')], gaps: [] });
  });

  it('passes cases the store does not hold unchanged', () => {
    expect(continueStored(events, new Map(), pathway).events).toEqual(events);
  });
});
