import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { defaultPathway } from './defaultPathway.ts';
import { outsidePathwayReason, resolveRecordedMove, resolveRecordedMoveAt } from './resolveRecordedMove.ts';

const jersey = compile(defaultPathway);
const twoWays = compile({
  ...defaultPathway,
  transitions: [
    ...defaultPathway.transitions,
    { from: 'assessment', to: 'child_in_need', event: 'cin_plan_after_review', kind: 'progress' },
  ],
});

describe('resolveRecordedMove (imported history)', () => {
  it('a move the pathway has is the one move rule answer, whatever the option', () => {
    for (const option of ['flag', 'reject'] as const) {
      expect(resolveRecordedMove(jersey, 'assessment', 'looked_after', option)).toMatchObject({
        ok: true,
        event: 'become_looked_after',
        toStage: 'looked_after',
      });
    }
  });

  it('flag keeps a move by stage the pathway lacks, flagged with no event; reject refuses it', () => {
    expect(resolveRecordedMove(jersey, 'assessment', 'child_protection', 'flag')).toEqual({
      ok: true,
      outside: true,
      toStage: 'child_protection',
      toIndex: jersey.stageIndex.get('child_protection'),
      changesStage: true,
      terminal: false,
    });
    expect(resolveRecordedMove(jersey, 'looked_after', 'closed', 'flag')).toMatchObject({
      ok: true,
      event: 'cease_care',
    });
    expect(resolveRecordedMove(jersey, 'closed', 'looked_after', 'flag')).toMatchObject({
      outside: true,
      terminal: false,
    });
    expect(resolveRecordedMove(jersey, 'assessment', 'child_protection', 'reject')).toMatchObject({
      ok: false,
      code: 'illegal_move',
    });
    expect(outsidePathwayReason('assessment', 'child_protection')).toBe(
      'the pathway has no move from assessment to child_protection',
    );
  });

  it('never flags a named event, a move to the same stage, an ambiguous target or an unknown stage', () => {
    const p = jersey;
    const at = (s: string) => p.stageIndex.get(s)!;
    // A named event that does not lead there stays illegal (the row says something the pathway contradicts).
    expect(
      resolveRecordedMoveAt(
        p,
        at('assessment'),
        p.eventIndex.get('cp_plan')!,
        at('child_protection'),
        'flag',
      ),
    ).toMatchObject({ ok: false, code: 'illegal_move' });
    expect(resolveRecordedMove(p, 'assessment', 'assessment', 'flag')).toMatchObject({ ok: false });
    expect(resolveRecordedMove(twoWays, 'assessment', 'child_in_need', 'flag')).toMatchObject({
      ok: false,
      code: 'ambiguous_move',
    });
    expect(resolveRecordedMove(p, 'assessment', 'nowhere', 'flag')).toMatchObject({
      ok: false,
      code: 'unknown_stage',
    });
  });
});
