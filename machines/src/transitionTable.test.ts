import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { compile, NO_MOVE, stageOfSnapshot, type CompiledPathway } from './compile.ts';
import { defaultPathway } from './defaultPathway.ts';
import { effectiveMoves } from './effectiveMoves.ts';
import type { PathwayDefinitionInput } from './schema.ts';

/** Asks the machine itself about every (stage, event) pair and compares with the derived table. */
function expectTableAgreesWithMachine(p: CompiledPathway) {
  for (const stage of p.stages) {
    const snapshot = p.snapshotAt(stage);
    for (const event of p.events) {
      const cell = p.table[p.stageIndex.get(stage)! * p.events.length + p.eventIndex.get(event)!]!;
      if (snapshot.can({ type: event })) {
        const [next] = transition(p.machine, snapshot, { type: event });
        expect(p.stages[cell]).toBe(stageOfSnapshot(next));
      } else {
        expect(cell).toBe(NO_MOVE);
      }
    }
  }
}

/** Valid definitions: a spine entry -> ... -> terminal guarantees reachability; extras are random. */
const definitionArb = fc
  .record({
    n: fc.integer({ min: 2, max: 8 }),
    extras: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), event: fc.integer({ min: 0, max: 4 }) }), {
      maxLength: 12,
    }),
    grouped: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    groupMoves: fc.array(fc.record({ to: fc.nat(), event: fc.integer({ min: 0, max: 6 }) }), {
      maxLength: 3,
    }),
  })
  .map(({ n, extras, grouped, groupMoves }): PathwayDefinitionInput => {
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    const inGroup = (i: number) => i < n - 1 && grouped[i] === true;
    const transitions: PathwayDefinitionInput['transitions'] = ids
      .slice(0, -1)
      .map((id, i) => ({ from: id, to: ids[i + 1]!, event: 'advance', kind: 'progress' as const }));
    const used = new Set(transitions.map((t) => `${t.from}/${t.event}`));
    for (const x of extras) {
      const from = ids[x.from % (n - 1)]!;
      const key = `${from}/e${x.event}`;
      if (used.has(key)) continue;
      used.add(key);
      transitions.push({ from, to: ids[x.to % n]!, event: `e${x.event}`, kind: 'step-up' });
    }
    const anyGrouped = ids.some((_, i) => inGroup(i));
    const groupEvents = new Set<string>();
    if (anyGrouped) {
      for (const g of groupMoves) {
        if (groupEvents.has(`g${g.event}`)) continue;
        groupEvents.add(`g${g.event}`);
        transitions.push({ from: 'grp', to: ids[g.to % n]!, event: `g${g.event}`, kind: 'close' });
      }
    }
    return {
      id: 'generated',
      name: 'Generated',
      entry: 's0',
      groups: anyGrouped ? [{ id: 'grp', label: 'Group' }] : [],
      stages: ids.map((id, i) => ({
        id,
        label: id,
        level: 1 + (i % 4),
        terminal: i === n - 1,
        ...(inGroup(i) ? { group: 'grp' } : {}),
      })),
      transitions,
      recordEvents: ['note'],
    };
  });

describe('derived transition table', () => {
  it('agrees with the machine on every (stage, event) pair of the default pathway', () => {
    expectTableAgreesWithMachine(compile(defaultPathway));
  });

  it('agrees with the machine, and with group-override semantics, for random valid definitions', () => {
    fc.assert(
      fc.property(definitionArb, (def) => {
        const p = compile(def);
        expectTableAgreesWithMachine(p);
        for (const [stage, moves] of effectiveMoves(p.definition)) {
          const expected = [...moves.map((m) => m.event), 'note'].sort();
          expect(p.allowedEvents(stage).sort()).toEqual(expected);
          for (const m of moves) expect(p.next(stage, m.event)).toBe(m.to);
        }
      }),
      { numRuns: 150 },
    );
  });
});
