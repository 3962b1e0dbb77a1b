import type { PathwayProblem, TransitionKind } from '@continuum/machines';
import { type DraftTransition, transitionKinds, transitionKpiTags } from './draftModel.ts';
import { ElementProblems, Field, NumberField, TagPicker } from '../ui/fields/fields.tsx';
import { kindStyles } from '../canvas/kindStyles.ts';

/** Side panel editing one move: event name, kind, routing weight and KPI tags. */
export function TransitionPanel({
  transition,
  problems,
  readOnly,
  onChange,
  onRemove,
}: {
  transition: DraftTransition;
  problems: PathwayProblem[];
  readOnly?: boolean;
  onChange: (next: DraftTransition) => void;
  onRemove: () => void;
}) {
  const set = <K extends keyof DraftTransition>(key: K, value: DraftTransition[K]) =>
    onChange({ ...transition, [key]: value });
  return (
    <section aria-labelledby="transition-panel-title">
      <fieldset
        disabled={readOnly}
        style={{ border: 'none', padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}
      >
        <h2 id="transition-panel-title">
          Move: {transition.from} → {transition.to}
        </h2>
        <ElementProblems problems={problems} />
        <Field label="Event">
          {(id) => <input id={id} value={transition.event} onChange={(e) => set('event', e.target.value)} />}
        </Field>
        <Field label="Kind">
          {(id) => (
            <select
              id={id}
              value={transition.kind}
              onChange={(e) => set('kind', e.target.value as TransitionKind)}
            >
              {transitionKinds.map((k) => (
                <option key={k} value={k}>
                  {kindStyles[k].marker} {k}
                </option>
              ))}
            </select>
          )}
        </Field>
        <NumberField label="Weight" value={transition.weight} onChange={(v) => set('weight', v ?? 0)} />
        <p className="hint">
          Weights share out the cases leaving a stage in simulation; from a terminal stage they are
          probabilities.
        </p>
        <TagPicker
          legend="KPI tags"
          options={transitionKpiTags}
          value={transition.kpiTags ?? []}
          onChange={(v) => set('kpiTags', v)}
        />
        <button type="button" onClick={onRemove}>
          Remove move
        </button>
      </fieldset>
    </section>
  );
}
