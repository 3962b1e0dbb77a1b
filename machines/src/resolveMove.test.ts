import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { defaultPathway } from './defaultPathway.ts';
import { resolveMove } from './resolveMove.ts';

const jersey = compile(defaultPathway);
/** Two events lead from assessment to child in need, so a move by target stage alone is ambiguous. */
const twoWays = compile({
  ...defaultPathway,
  transitions: [
    ...defaultPathway.transitions,
    { from: 'assessment', to: 'child_in_need', event: 'cin_plan_after_review', kind: 'progress' },
  ],
});

const table: {
  name: string;
  from: string;
  intent: { event?: string; toStage?: string };
  expected: Record<string, unknown>;
  pathway?: typeof jersey;
}[] = [
  {
    name: 'a legal event',
    from: 'front_door',
    intent: { event: 'accept_referral' },
    expected: {
      ok: true,
      event: 'accept_referral',
      toStage: 'assessment',
      changesStage: true,
      terminal: false,
    },
  },
  {
    name: 'a legal move by target stage infers its one event',
    from: 'assessment',
    intent: { toStage: 'child_in_need' },
    expected: { ok: true, event: 'cin_plan', toStage: 'child_in_need', changesStage: true },
  },
  {
    name: 'an event and a target that agree',
    from: 'child_in_need',
    intent: { event: 'close_case', toStage: 'closed' },
    expected: { ok: true, event: 'close_case', toStage: 'closed', terminal: true },
  },
  {
    name: 'a record-only event keeps the stage',
    from: 's47_enquiry',
    intent: { event: 'management_oversight' },
    expected: { ok: true, event: 'management_oversight', toStage: 's47_enquiry', changesStage: false },
  },
  {
    name: 'a record-only event is never inferred from a target stage',
    from: 's47_enquiry',
    intent: { toStage: 's47_enquiry' },
    expected: { ok: false, code: 'illegal_move', field: 'target' },
  },
  {
    name: 'an illegal event, with the allowed events',
    from: 'front_door',
    intent: { event: 'cp_plan' },
    expected: {
      ok: false,
      code: 'illegal_move',
      field: 'event',
      currentStage: 'front_door',
      allowedEvents: jersey.allowedEvents('front_door'),
      message: `"cp_plan" is not a legal move from "front_door"; allowed: ${jersey.allowedEvents('front_door').join(', ')}.`,
    },
  },
  {
    name: 'no move leads to the target stage',
    from: 'front_door',
    intent: { toStage: 'care_leaver' },
    expected: {
      ok: false,
      code: 'illegal_move',
      field: 'target',
      allowedEvents: jersey.allowedEvents('front_door'),
    },
  },
  {
    name: 'an event that leads elsewhere than the target',
    from: 'front_door',
    intent: { event: 'accept_referral', toStage: 'early_help' },
    expected: {
      ok: false,
      code: 'illegal_move',
      field: 'target',
      message: '"accept_referral" leads from "front_door" to "assessment", not "early_help".',
    },
  },
  {
    name: 'an ambiguous target names the candidates',
    from: 'assessment',
    intent: { toStage: 'child_in_need' },
    pathway: twoWays,
    expected: {
      ok: false,
      code: 'ambiguous_move',
      field: 'event',
      candidates: ['cin_plan', 'cin_plan_after_review'],
    },
  },
  {
    name: 'an unknown event',
    from: 'front_door',
    intent: { event: 'teleport' },
    expected: { ok: false, code: 'unknown_event', field: 'event' },
  },
  {
    name: 'an unknown target stage',
    from: 'front_door',
    intent: { toStage: 'moon' },
    expected: { ok: false, code: 'unknown_stage', field: 'target' },
  },
  {
    name: 'a case resting in a stage the pathway lacks',
    from: 'limbo',
    intent: { event: 'accept_referral' },
    expected: { ok: false, code: 'unknown_stage', currentStage: 'limbo', allowedEvents: [] },
  },
  {
    name: 'neither event nor target',
    from: 'front_door',
    intent: {},
    expected: { ok: false, code: 'no_move', field: 'event' },
  },
];

describe('resolveMove: the one move rule', () => {
  for (const row of table) {
    it(row.name, () => {
      expect(resolveMove(row.pathway ?? jersey, row.from, row.intent)).toMatchObject(row.expected);
    });
  }

  it('agrees with the machine for every stage and event of the default pathway', () => {
    fc.assert(
      fc.property(fc.constantFrom(...jersey.stages), fc.constantFrom(...jersey.events), (from, event) => {
        const r = resolveMove(jersey, from, { event });
        const next = jersey.next(from, event);
        expect(r.ok).toBe(next !== undefined);
        if (r.ok) expect(r.toStage).toBe(next);
      }),
    );
  });
});
