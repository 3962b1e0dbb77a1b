import type { StageFigures } from '../api/analytics.ts';

/** How a stage is coloured on the map: against its statutory timescale when it has one. */
export type DelayLevel = 'ok' | 'warn' | 'bad' | 'none';

/**
 * Red when under 80% of stays ended within the timescale or more than 20% of open cases are
 * overdue; amber under 95% or any overdue; green otherwise. Stages without a timescale stay neutral.
 */
export function delayLevel(stage: StageFigures): DelayLevel {
  const t = stage.timescale;
  if (!t) return 'none';
  const overdueShare = stage.openAsOf > 0 ? t.openOverdue / stage.openAsOf : 0;
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
};
