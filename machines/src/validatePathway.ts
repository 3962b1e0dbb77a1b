import type { PathwayProblem } from './problem.ts';
import { PathwayDefinitionSchema, type PathwayDefinition } from './schema.ts';
import { ancestorsOf, effectiveMoves } from './effectiveMoves.ts';
import { findPii, piiMessage } from './pii/findPii.ts';
import { plainIssue } from './plainIssue.ts';
import { quoteSent, shownKey } from './quoteSent.ts';

/** The outcome of validating a draft: the parsed definition when there is nothing wrong. */
export type ValidationResult =
  | { ok: true; definition: PathwayDefinition; problems: [] }
  | { ok: false; definition?: PathwayDefinition; problems: PathwayProblem[] };

/**
 * Checks a draft and returns every problem at once, so a designer can fix them in one pass.
 * @example validatePathway(JSON.parse(text)).problems.forEach((p) => console.log(p.message))
 */
export function validatePathway(input: unknown, options: ValidationOptions = {}): ValidationResult {
  const parsed = PathwayDefinitionSchema.safeParse(input);
  const pii = options.checkPii === false ? [] : piiProblems(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: [
        ...parsed.error.issues.map((issue) => {
          // Keys are the sender's text: one like personal data, or far too long, is not repeated.
          const path = issue.path.map((p) => shownKey(typeof p === 'symbol' ? String(p) : p));
          const message =
            issue.code === 'unrecognized_keys'
              ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(quoteSent).join(', ')}`
              : plainIssue(issue);
          return {
            path,
            code: 'invalid_field',
            message: `${path.length ? `${path.join('.')}: ` : ''}${message}`,
          };
        }),
        ...pii,
      ],
    };
  }
  const definition = parsed.data;
  const problems = [...pii, ...semanticProblems(definition)];
  return problems.length === 0 ? { ok: true, definition, problems: [] } : { ok: false, definition, problems };
}

/** How much to check: a stored, already-published version skips the PII rule (see `checkPii`). */
export interface ValidationOptions {
  /**
   * Check names, labels, ids and tags for personal data (default true). A version published
   * earlier was checked when it was published; re-checking it on every compile would make it
   * uncompilable (and its cases unmovable) whenever the detector's lists grow.
   */
  checkPii?: boolean;
}

/**
 * Names, labels, ids and tags are checked for personal data on the raw document (every string and
 * key), so a pathway can never carry a child's or worker's name into every case and export.
 */
function piiProblems(input: unknown): PathwayProblem[] {
  return findPii(input).map((f) => ({ path: f.path, code: 'pii_rejected', message: piiMessage(f) }));
}

function semanticProblems(def: PathwayDefinition): PathwayProblem[] {
  const problems: PathwayProblem[] = [];
  const add = (path: (string | number)[], code: string, message: string) =>
    problems.push({ path, code, message });
  const stageIds = new Set<string>();
  const groupIds = new Set(def.groups.map((g) => g.id));

  def.stages.forEach((s, i) => {
    if (stageIds.has(s.id))
      add(['stages', i, 'id'], 'duplicate_id', `Stage id "${s.id}" is used more than once.`);
    stageIds.add(s.id);
    if (s.group !== undefined && !groupIds.has(s.group))
      add(
        ['stages', i, 'group'],
        'unknown_group',
        `Stage "${s.id}" belongs to group "${s.group}", which is not defined.`,
      );
    if (s.timescale !== undefined && !(s.timescale.value > 0))
      add(
        ['stages', i, 'timescale', 'value'],
        'timescale_not_positive',
        `The timescale of stage "${s.id}" must be more than zero.`,
      );
  });
  const seenGroups = new Set<string>();
  def.groups.forEach((g, i) => {
    if (stageIds.has(g.id) || seenGroups.has(g.id))
      add(
        ['groups', i, 'id'],
        'duplicate_id',
        `Group id "${g.id}" is already used by another stage or group.`,
      );
    seenGroups.add(g.id);
    if (g.parent !== undefined && !groupIds.has(g.parent))
      add(
        ['groups', i, 'parent'],
        'unknown_group',
        `Group "${g.id}" has parent "${g.parent}", which is not defined.`,
      );
    if (isInGroupCycle(def, g.id))
      add(
        ['groups', i, 'parent'],
        'group_cycle',
        `Group "${g.id}" is its own ancestor; groups must nest as a tree.`,
      );
  });
  if (!stageIds.has(def.entry))
    add(['entry'], 'unknown_stage', `The entry stage "${def.entry}" is not a stage of this pathway.`);

  const recordEvents = new Set(def.recordEvents);
  const eventsBySource = new Map<string, Set<string>>();
  def.transitions.forEach((t, i) => {
    if (!stageIds.has(t.from) && !groupIds.has(t.from))
      add(
        ['transitions', i, 'from'],
        'unknown_stage',
        `Move "${t.event}" starts from "${t.from}", which is neither a stage nor a group.`,
      );
    if (!stageIds.has(t.to))
      add(
        ['transitions', i, 'to'],
        'unknown_stage',
        `Move "${t.event}" goes to "${t.to}", which is not a stage.`,
      );
    const events = eventsBySource.get(t.from) ?? new Set<string>();
    if (events.has(t.event))
      add(
        ['transitions', i, 'event'],
        'ambiguous_event',
        `Event "${t.event}" leaves "${t.from}" for more than one target; each event may have one target per stage.`,
      );
    events.add(t.event);
    eventsBySource.set(t.from, events);
    if (recordEvents.has(t.event))
      add(
        ['transitions', i, 'event'],
        'event_conflict',
        `Event "${t.event}" is declared both as a move and as a record-only event.`,
      );
    if (t.weight < 0)
      add(
        ['transitions', i, 'weight'],
        'negative_weight',
        `Move "${t.event}" from "${t.from}" has a negative routing weight.`,
      );
    for (const [source, w] of Object.entries(t.weightBySource ?? {})) {
      if (!stageIds.has(source) || !ancestorsOf(def, source).includes(t.from))
        add(
          ['transitions', i, 'weightBySource', source],
          'unknown_stage',
          `Weight override "${source}" is not a stage inside group "${t.from}".`,
        );
      if (w < 0)
        add(
          ['transitions', i, 'weightBySource', source],
          'negative_weight',
          `Move "${t.event}" has a negative routing weight for "${source}".`,
        );
    }
  });
  if (problems.length > 0) return problems; // graph checks need resolvable ids

  const moves = effectiveMoves(def);
  def.stages.forEach((s, i) => {
    for (const key of Object.keys(s.durationByDestination ?? {})) {
      if (!(moves.get(s.id) ?? []).some((m) => m.to === key))
        add(
          ['stages', i, 'durationByDestination', key],
          'unknown_stage',
          `Stage "${s.id}" has a duration for "${key}", which it cannot move to.`,
        );
    }
    problems.push(...capacityProblems(s, i, moves, stageIds));
    const out = moves.get(s.id) ?? [];
    const total = out.reduce((sum, m) => sum + Math.max(0, m.weight), 0);
    if (s.terminal) {
      if (total > 1 + 1e-9)
        add(
          ['stages', i],
          'terminal_weights_above_one',
          `The moves out of terminal stage "${s.id}" are probabilities and must sum to at most 1 (they sum to ${round(total)}).`,
        );
    } else if (out.length > 0 && out.every((m) => m.weight === 0)) {
      add(
        ['stages', i],
        'weights_all_zero',
        `Every move out of "${s.id}" has weight zero, so a simulated case could never leave it.`,
      );
    }
  });

  const reachable = closure([def.entry], (id) => (moves.get(id) ?? []).map((m) => m.to));
  def.stages.forEach((s, i) => {
    if (!reachable.has(s.id))
      add(
        ['stages', i],
        'unreachable_stage',
        `Stage "${s.id}" cannot be reached from the entry stage "${def.entry}".`,
      );
  });
  const terminals = def.stages.filter((s) => s.terminal).map((s) => s.id);
  if (terminals.length === 0)
    add(['stages'], 'no_terminal_stage', 'No stage is marked terminal, so no case could ever be closed.');
  const predecessors = new Map<string, string[]>();
  for (const list of moves.values())
    for (const m of list) predecessors.set(m.to, [...(predecessors.get(m.to) ?? []), m.from]);
  const canFinish = closure(terminals, (id) => predecessors.get(id) ?? []);
  def.stages.forEach((s, i) => {
    if (terminals.length > 0 && !canFinish.has(s.id))
      add(
        ['stages', i],
        'no_path_to_terminal',
        `No terminal stage can be reached from "${s.id}", so cases there could never close.`,
      );
  });
  return problems;
}

/**
 * A stage's capacity is given once (a limit or staffing), and its rule for a full stage names a
 * stage reached by one of its own moves, so a case that gives up follows a path the machine accepts.
 */
function capacityProblems(
  s: PathwayDefinition['stages'][number],
  i: number,
  moves: ReturnType<typeof effectiveMoves>,
  stageIds: Set<string>,
): PathwayProblem[] {
  const problems: PathwayProblem[] = [];
  const add = (path: (string | number)[], code: string, message: string) =>
    problems.push({ path: ['stages', i, ...path], code, message });
  if (s.capacity !== undefined && s.staffing !== undefined)
    add(
      ['staffing'],
      'capacity_conflict',
      `Stage "${s.id}" has both a capacity and staffing; give one (staffing sets capacity to workers x cases per worker).`,
    );
  if (s.staffing !== undefined && Math.floor(s.staffing.workers * s.staffing.casesPerWorker) < 1)
    add(['staffing'], 'capacity_below_one', `The staffing of "${s.id}" holds less than one case.`);
  const rule = s.whenFull;
  if (rule === undefined) return problems;
  if (s.terminal)
    add(
      ['whenFull'],
      'terminal_capacity',
      `Terminal stage "${s.id}" is never full, so it needs no rule for that.`,
    );
  if (rule.to === s.id)
    add(['whenFull', 'to'], 'give_up_to_self', `A case giving up on "${s.id}" must move to another stage.`);
  else if (!stageIds.has(rule.to))
    add(
      ['whenFull', 'to'],
      'unknown_stage',
      `Cases giving up on "${s.id}" go to "${rule.to}", which is not a stage.`,
    );
  else {
    const out = (moves.get(s.id) ?? []).filter((m) => m.to === rule.to);
    if (rule.event !== undefined ? !out.some((m) => m.event === rule.event) : out.length === 0)
      add(
        ['whenFull', rule.event !== undefined ? 'event' : 'to'],
        'give_up_not_a_move',
        `"${s.id}" has no move ${rule.event !== undefined ? `"${rule.event}" ` : ''}to "${rule.to}"; add one (its weight may be 0) so a case that gives up follows a move the pathway allows.`,
      );
  }
  if (rule.patience.type === 'empirical') {
    const q = rule.patience.quantiles;
    if (q.some((x, k) => k > 0 && (x.p <= q[k - 1]!.p || x.days < q[k - 1]!.days)))
      add(
        ['whenFull', 'patience', 'quantiles'],
        'invalid_distribution',
        `The patience quantiles of "${s.id}" must rise in p and not fall in days.`,
      );
  }
  return problems;
}

function isInGroupCycle(def: PathwayDefinition, groupId: string): boolean {
  const parentOf = new Map(def.groups.map((g) => [g.id, g.parent]));
  const seen = new Set<string>();
  let current = parentOf.get(groupId);
  while (current !== undefined) {
    if (current === groupId) return true;
    if (seen.has(current)) return false;
    seen.add(current);
    current = parentOf.get(current);
  }
  return false;
}

function closure(start: string[], nextOf: (id: string) => string[]): Set<string> {
  const seen = new Set(start);
  const stack = [...start];
  while (stack.length > 0) {
    for (const n of nextOf(stack.pop()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
