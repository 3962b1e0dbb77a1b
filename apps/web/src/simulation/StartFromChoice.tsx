import { NumberField } from '../ui/fields/fields.tsx';
import { formatCount } from '../ui/formatCount.ts';

/**
 * Where a run starts: today's caseload (the open cases with their time in stage; the default) or
 * empty with a warm-up (the model fills up before the reported horizon).
 */
export function StartFromChoice({
  value,
  onChange,
  openCases,
  openAsOf,
  warmupDays,
  onWarmupDays,
}: {
  value: 'live' | 'empty';
  onChange: (v: 'live' | 'empty') => void;
  /** Today's caseload (undefined while loading or with no recorded cases). */
  openCases: number | undefined;
  openAsOf: string | undefined;
  warmupDays: number;
  onWarmupDays: (days: number) => void;
}) {
  return (
    <fieldset className="start-from">
      <legend>Start from</legend>
      <label>
        <input type="radio" name="start-from" checked={value === 'live'} onChange={() => onChange('live')} />{' '}
        today's caseload
        {openCases !== undefined
          ? ` (${formatCount(openCases)} open cases${openAsOf ? ` on ${openAsOf.slice(0, 10)}` : ''})`
          : ''}
      </label>
      <label>
        <input
          type="radio"
          name="start-from"
          checked={value === 'empty'}
          onChange={() => onChange('empty')}
        />{' '}
        empty, with a warm-up
      </label>
      {value === 'empty' && (
        <NumberField
          label="Warm-up (days)"
          value={warmupDays}
          min={0}
          step={30}
          onChange={(v) => onWarmupDays(v ?? 365)}
        />
      )}
      {value === 'live' && openCases === 0 && (
        <p className="hint">
          No open cases are recorded, so the run will start empty with a 365-day warm-up.
        </p>
      )}
    </fieldset>
  );
}
