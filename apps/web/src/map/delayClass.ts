import type { StageFigures } from '@continuum/contracts';

/** How a stage is coloured on the map: against its statutory timescale when it has one. */
export type DelayLevel = 'ok' | 'warn' | 'bad' | 'none' | 'empty' | 'hidden';

/**
 * Red when under 80% of stays ended within the timescale or more than 20% of open cases are
 * overdue; amber under 95% or any overdue; green otherwise. Stages without a timescale stay neutral,
 * and so does a stage with no stays to judge (nothing completed, nothing open: not "within"). Only
 * figures the role may see decide the colour: when one that could change it is suppressed and the
 * shown ones do not already make it red or amber, the stage is marked as suppressed, not green.
 */
export function delayLevel(stage: StageFigures): DelayLevel {
  const t = stage.timescale;
  if (!t) return 'none';
  const { openAsOf } = stage;
  if (t.completed === 0 && openAsOf === 0) return 'empty';
  const within = t.percentWithin;
  const overdueShare =
    openAsOf !== null && t.openOverdue !== null && openAsOf > 0 ? t.openOverdue / openAsOf : null;
  if ((within !== null && within < 80) || (overdueShare !== null && overdueShare > 0.2)) return 'bad';
  if ((within !== null && within < 95) || (t.openOverdue !== null && t.openOverdue > 0)) return 'warn';
  const hidden = (within === null && t.completed !== 0) || t.openOverdue === null || openAsOf === null;
  return hidden ? 'hidden' : 'ok';
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
