import type { DurationModel } from '@continuum/machines';
import { Field, NumberField } from '../ui/fields/fields.tsx';

const defaults: Record<DurationModel['type'], DurationModel> = {
  exponential: { type: 'exponential', meanDays: 30 },
  lognormal: { type: 'lognormal', medianDays: 30, sigma: 0.6 },
  gamma: { type: 'gamma', shape: 2, scaleDays: 15 },
  empirical: {
    type: 'empirical',
    quantiles: [
      { p: 0.5, days: 30 },
      { p: 0.9, days: 90 },
    ],
  },
};

const quantileText = (q: { p: number; days: number }[]) => q.map((x) => `${x.p}:${x.days}`).join(', ');
const parseQuantiles = (text: string) =>
  text
    .split(',')
    .map((part) => part.split(':').map((x) => Number(x.trim())))
    .filter((pair) => pair.length === 2 && pair.every((x) => Number.isFinite(x)))
    .map(([p, days]) => ({ p: p!, days: days! }));

/** Edits how long a stay lasts in simulation; validation on the server judges the numbers. */
export function DurationEditor({
  value,
  onChange,
}: {
  value: DurationModel | undefined;
  onChange: (v: DurationModel | undefined) => void;
}) {
  return (
    <fieldset>
      <legend>Duration model (simulation)</legend>
      <Field label="Distribution">
        {(id) => (
          <select
            id={id}
            value={value?.type ?? ''}
            onChange={(e) =>
              onChange(e.target.value === '' ? undefined : defaults[e.target.value as DurationModel['type']])
            }
          >
            <option value="">none</option>
            <option value="exponential">exponential</option>
            <option value="lognormal">lognormal</option>
            <option value="gamma">gamma</option>
            <option value="empirical">empirical quantiles</option>
          </select>
        )}
      </Field>
      {value?.type === 'exponential' && (
        <NumberField
          label="Mean days"
          value={value.meanDays}
          onChange={(v) => onChange({ ...value, meanDays: v ?? 0 })}
        />
      )}
      {value?.type === 'lognormal' && (
        <>
          <NumberField
            label="Median days"
            value={value.medianDays}
            onChange={(v) => onChange({ ...value, medianDays: v ?? 0 })}
          />
          <NumberField
            label="Sigma"
            value={value.sigma}
            onChange={(v) => onChange({ ...value, sigma: v ?? 0 })}
          />
        </>
      )}
      {value?.type === 'gamma' && (
        <>
          <NumberField
            label="Shape"
            value={value.shape}
            onChange={(v) => onChange({ ...value, shape: v ?? 0 })}
          />
          <NumberField
            label="Scale days"
            value={value.scaleDays}
            onChange={(v) => onChange({ ...value, scaleDays: v ?? 0 })}
          />
        </>
      )}
      {value?.type === 'empirical' && (
        <Field label="p:days, …">
          {(id) => (
            <input
              id={id}
              defaultValue={quantileText(value.quantiles)}
              onBlur={(e) => onChange({ ...value, quantiles: parseQuantiles(e.target.value) })}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
