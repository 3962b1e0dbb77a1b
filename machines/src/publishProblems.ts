import { effectiveMoves } from './effectiveMoves.ts';
import type { PathwayProblem } from './problem.ts';
import type { PathwayDefinition } from './schema.ts';

/**
 * What a valid definition still lacks to be published: every move a simulated case can take
 * (positive weight, after group inheritance) needs a duration model, or every simulation of the
 * version would fail. A terminal stage with no such moves (no re-referral) needs none. Kept out of
 * `validatePathway` so versions published before this rule still compile.
 */
export function publishProblems(def: PathwayDefinition): PathwayProblem[] {
  const problems: PathwayProblem[] = [];
  const moves = effectiveMoves(def);
  def.stages.forEach((s, i) => {
    const missing = (moves.get(s.id) ?? [])
      .filter((m) => m.weight > 0)
      .filter((m) => (s.durationByDestination?.[m.to] ?? s.duration) === undefined)
      .map((m) => m.to);
    if (missing.length === 0) return;
    problems.push({
      path: ['stages', i, 'duration'],
      code: 'missing_duration',
      message: s.terminal
        ? `Terminal stage "${s.id}" re-refers cases but has no duration model (time to re-referral); give it one, or set its moves' weights to 0.`
        : `Stage "${s.id}" has no duration model for its move${missing.length > 1 ? 's' : ''} to ${[...new Set(missing)].map((t) => `"${t}"`).join(', ')}, so a simulated stay there could not end; give it a duration.`,
    });
  });
  return problems;
}
