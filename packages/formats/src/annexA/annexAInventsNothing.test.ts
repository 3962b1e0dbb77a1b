import { createHmac } from 'node:crypto';
import { compile, defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../canonicalEvent.ts';
import { buildWorkbook } from './annexAWorkbook.fixture.ts';
import { buildTimeline, type OutsidePathwayMove } from './buildTimeline.ts';
import { importAnnexA } from './importAnnexA.ts';
import type { StageSpan } from './listSpecs.ts';

const pathway = compile(defaultPathway);
const pseudonymise = (id: string) => createHmac('sha256', 'test-key').update(id).digest('hex');
const common = ['Child Unique ID', 'Gender'];
const moves = (events: readonly { stage: string; event: string; entered_at: string }[]) =>
  events.map((e) => [e.stage, e.event, e.entered_at]);

describe('Annex A invents nothing', () => {
  it('closes an NFA referral at the referral: no closure of the contact, no re-referral', async () => {
    const bytes = await buildWorkbook([
      { name: 'List 1', header: [...common, 'Date of Contact'], rows: [['N1', 'a) Male', '07/01/2020']] },
      {
        name: 'List 3',
        header: [...common, 'Date of Referral', 'Referral NFA?'],
        rows: [['N1', 'a) Male', '10/01/2020', 'a) Yes']],
      },
    ]);
    const result = await importAnnexA(bytes, { pseudonymise, extractDate: '2021-03-31' });
    expect(moves(result.events)).toEqual([
      ['front_door', '', '2020-01-07'],
      ['closed', 'no_further_action', '2020-01-10'],
    ]);
    for (const l of result.lists)
      expect(l.imported + l.merged + l.outsidePathway + l.rejected).toBe(l.rowsRead);
  });

  it('keeps a referral at the front door until its assessment starts days later: no closure in between', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'List 3',
        header: [...common, 'Date of Referral', 'Referral NFA?'],
        rows: [['R1', 'a) Male', '06/01/2020', 'No']],
      },
      {
        name: 'List 4',
        header: [...common, 'Assessment start date', 'Assessment authorisation date'],
        rows: [['R1', 'a) Male', '09/01/2020', '']],
      },
    ]);
    const result = await importAnnexA(bytes, { pseudonymise, extractDate: '2021-03-31' });
    expect(moves(result.events)).toEqual([
      ['front_door', '', '2020-01-06'],
      ['assessment', 'accept_referral', '2020-01-09'],
    ]);
    for (const l of result.lists)
      expect(l.imported + l.merged + l.outsidePathway + l.rejected).toBe(l.rowsRead);
  });

  it('assessment -> looked after is a move; a CP plan with no enquiry is flagged or rejected, never bridged', async () => {
    const bytes = await buildWorkbook([
      {
        name: 'List 3',
        header: [...common, 'Date of Referral', 'Referral NFA?'],
        rows: [
          ['L1', 'b) Female', '03/01/2020', 'No'],
          ['P1', 'b) Female', '03/01/2020', 'No'],
        ],
      },
      {
        name: 'List 4',
        header: [...common, 'Assessment start date', 'Assessment authorisation date'],
        rows: [
          ['L1', 'b) Female', '03/01/2020', ''],
          ['P1', 'b) Female', '03/01/2020', ''],
        ],
      },
      {
        name: 'List 7',
        header: [...common, 'Child Protection Plan Start Date', 'Child Protection Plan End Date'],
        rows: [['P1', 'b) Female', '01/02/2020', '']],
      },
      {
        name: 'List 8',
        header: [...common, 'Date Started to be Looked After', 'Date Ceased to be Looked After'],
        rows: [['L1', 'b) Female', '01/02/2020', '']],
      },
    ]);
    const L1 = pseudonymise('L1');
    const P1 = pseudonymise('P1');
    const of = (r: { events: CanonicalEvent[] }, ref: string) =>
      moves(r.events.filter((e) => e.case_ref === ref));
    const opening = [
      ['front_door', '', '2020-01-03'],
      ['assessment', 'accept_referral', '2020-01-03'],
    ];
    for (const outsidePathway of ['flag', 'reject'] as const) {
      const result = await importAnnexA(bytes, { pseudonymise, extractDate: '2021-03-31', outsidePathway });
      // The pathway has assessment -> looked after (the returns record it): a plain move either way.
      expect(of(result, L1)).toEqual([...opening, ['looked_after', 'become_looked_after', '2020-02-01']]);
      // flag: the recorded CP plan start, with no event (ingest stores it flagged); reject: nothing.
      expect(of(result, P1)).toEqual(
        outsidePathway === 'flag' ? [...opening, ['child_protection', '', '2020-02-01']] : opening,
      );
      // No invented s47 stay, no KPI-tagged plan start (cp_plan) where List 5 has no enquiry.
      expect(result.events.filter((e) => e.event === 'cp_plan' || e.stage === 's47_enquiry')).toEqual([]);
      const list7 = result.lists.find((l) => l.list === 7)!;
      const list8 = result.lists.find((l) => l.list === 8)!;
      expect(list7).toMatchObject(
        outsidePathway === 'flag'
          ? { rowsRead: 1, imported: 0, outsidePathway: 1, merged: 0, rejected: 0, rejections: [] }
          : {
              rowsRead: 1,
              imported: 0,
              outsidePathway: 0,
              merged: 0,
              rejected: 1,
              rejections: [{ row: 2, reason: 'the pathway has no move from assessment to child_protection' }],
            },
      );
      expect(list7.outsideMoves).toEqual([
        { row: 2, from: 'assessment', to: 'child_protection', at: '2020-02-01' },
      ]);
      expect(list8).toMatchObject({ imported: 1, outsidePathway: 0, outsideMoves: [] });
      for (const l of result.lists)
        expect(l.imported + l.merged + l.outsidePathway + l.rejected).toBe(l.rowsRead);
    }
  });

  it('never enters a stage no recorded visit holds, for any overlap of visits', () => {
    const stages = [
      'front_door',
      'early_help',
      'assessment',
      'child_in_need',
      's47_enquiry',
      'child_protection',
      'looked_after',
      'care_leaver',
    ];
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const span = fc
      .record({
        stage: fc.constantFrom(...stages),
        start: fc.integer({ min: 0, max: 400 }),
        length: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        soft: fc.boolean(),
      })
      .map(
        (s): StageSpan => ({
          stage: s.stage,
          start: day(s.start),
          end: s.soft || s.length === undefined ? undefined : day(s.start + s.length),
          soft: s.soft,
          list: 1,
        }),
      );
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 8 }), (spans) => {
        const outside: OutsidePathwayMove[] = [];
        const events = buildTimeline('c', spans, pathway, {}, undefined, outside).map((t) => t.event);
        for (const e of events) {
          if (e.stage === 'closed') continue;
          const held = spans.some((s) => s.stage === e.stage && s.start <= e.entered_at);
          expect(held, `${e.stage} on ${e.entered_at} is in no recorded visit`).toBe(true);
        }
        // Each move is the pathway's, or (flagged, no event) one the pathway lacks, listed in `outside`.
        for (let i = 1; i < events.length; i++) {
          const [from, e] = [events[i - 1]!.stage, events[i]!];
          if (e.event === '') {
            expect(pathway.eventsBetween(from, e.stage)).toEqual([]);
            expect(outside).toContainEqual(expect.objectContaining({ from, to: e.stage, at: e.entered_at }));
          } else expect(pathway.next(from, e.event)).toBe(e.stage);
        }
      }),
    );
  });
});
