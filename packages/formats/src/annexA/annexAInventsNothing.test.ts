import { createHmac } from 'node:crypto';
import { compile, defaultPathway } from '@continuum/machines';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

  it('reports assessment -> looked after and a CP plan with no enquiry instead of bridging them', async () => {
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
    const result = await importAnnexA(bytes, { pseudonymise, extractDate: '2021-03-31' });
    for (const ref of [pseudonymise('L1'), pseudonymise('P1')]) {
      expect(moves(result.events.filter((e) => e.case_ref === ref))).toEqual([
        ['front_door', '', '2020-01-03'],
        ['assessment', 'accept_referral', '2020-01-03'],
      ]);
    }
    // No invented s47, CIN or CP stay: no KPI-tagged plan start where List 7's only plan is outside.
    expect(result.events.filter((e) => e.event === 'cp_plan' || e.stage === 's47_enquiry')).toEqual([]);
    const list7 = result.lists.find((l) => l.list === 7)!;
    const list8 = result.lists.find((l) => l.list === 8)!;
    expect(list7).toMatchObject({ rowsRead: 1, imported: 0, outsidePathway: 1, merged: 0, rejected: 0 });
    expect(list7.outsideMoves).toEqual([
      { row: 2, from: 'assessment', to: 'child_protection', at: '2020-02-01' },
    ]);
    expect(list8.outsideMoves).toEqual([
      { row: 2, from: 'assessment', to: 'looked_after', at: '2020-02-01' },
    ]);
    for (const l of result.lists)
      expect(l.imported + l.merged + l.outsidePathway + l.rejected).toBe(l.rowsRead);
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
        for (let i = 1; i < events.length; i++) {
          expect(pathway.next(events[i - 1]!.stage, events[i]!.event)).toBe(events[i]!.stage);
        }
      }),
    );
  });
});
