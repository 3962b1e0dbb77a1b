import type { StageFigures } from '../api/analytics.ts';

/** How a stage is coloured on the map: against its statutory timescale when it has one. */
export type DelayLevel = 'ok' | 'warn' | 'bad' | 'none' | 'empty' | 'hidden';

/**
 * Red when under 80% of stays ended within the timescale or more than 20% of open cases are
 * overdue; amber under 95% or any overdue; green otherwise. Stages without a timescale stay neutral,
 * and so does a stage with no stays to judge (nothing completed, nothing open: not "within") or
 * whose timescale figures are suppressed for the role (a colour would give them away).
 */
export function delayLevel(stage: StageFigures): DelayLevel {
  const t = stage.timescale;
  if (!t) return 'none';
  const { openAsOf } = stage;
  if (t.percentWithin === null && t.openOverdue === null) return 'hidden';
  if (t.completed === 0 && openAsOf === 0) return 'empty';
  if (t.openOverdue === null || openAsOf === null || (t.percentWithin === null && t.completed !== 0)) {
    return 'hidden';
  }
  const overdueShare = openAsOf > 0 ? t.openOverdue / openAsOf : 0;
  const within = t.percentWithin;
  if ((within !== null && within < 80) || overdueShare > 0.2) return 'bad';
  if ((within !== null && within < 95) || t.openOverdue > 0) return 'warn';
  return 'ok';
}

/** Words for each colour, so the map never relies on colour alone. */
export const delayWords: Record<DelayLevel, string> = {
  ok: 'within timescale',
  warn: 'some delay',
  bad: 'timescale breached',
  none: 'no statutory timescale',
  empty: 'no cases in this period',
  hidden: 'timescale figures suppressed (small numbers)',
};
