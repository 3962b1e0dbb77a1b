import { useState } from 'react';
import type { DurationModel, PathwayProblem, Timescale } from '@continuum/machines';
import { type DraftStage, levelNames, stageKpiTags } from './draftModel.ts';
import { DurationEditor } from './DurationEditor.tsx';
import {
  CommitInput,
  ElementProblems,
  Field,
  NumberField,
  NumberInput,
  TagPicker,
} from '../ui/fields/fields.tsx';

/** Side panel editing one stage: name, level, timescale, capacity, duration model, cost and tags. */
export function StagePanel({
  stage,
  isEntry,
  problems,
  readOnly,
  onChange,
  onRemove,
  onMakeEntry,
  stageIds,
  onConnect,
}: {
  stage: DraftStage;
  isEntry: boolean;
  problems: PathwayProblem[];
  readOnly?: boolean;
  onChange: (next: DraftStage) => void;
  onRemove: () => void;
  onMakeEntry: () => void;
  /** Stages a new move can go to (keyboard alternative to dragging a connection). */
  stageIds: string[];
  onConnect: (to: string) => void;
}) {
  const [moveTo, setMoveTo] = useState('');
  const set = <K extends keyof DraftStage>(key: K, value: DraftStage[K]) => {
    const next = { ...stage, [key]: value };
    if (value === undefined) delete next[key];
    onChange(next);
  };
  const timescale = stage.timescale;
  const setTimescale = (patch: Partial<Timescale> | null) =>
    set('timescale', patch === null ? undefined : { value: 1, unit: 'working_days', ...timescale, ...patch });
  return (
    <section aria-labelledby="stage-panel-title">
      <fieldset
        disabled={readOnly}
        style={{ border: 'none', padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}
      >
        <h2 id="stage-panel-title">Stage: {stage.label}</h2>
        <ElementProblems problems={problems} />
        <Field label="Name">
          {(id) => <input id={id} value={stage.label} onChange={(e) => set('label', e.target.value)} />}
        </Field>
        <Field label="Id">
          {(id) => <CommitInput id={id} value={stage.id} onCommit={(v) => set('id', v)} />}
        </Field>
        <Field label="Level">
          {(id) => (
            <select id={id} value={stage.level} onChange={(e) => set('level', Number(e.target.value))}>
              {[1, 2, 3, 4].map((l) => (
                <option key={l} value={l}>
                  {l}: {levelNames[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Terminal">
          {(id) => (
            <input
              id={id}
              type="checkbox"
              checked={stage.terminal ?? false}
              onChange={(e) => set('terminal', e.target.checked || undefined)}
            />
          )}
        </Field>
        <fieldset>
          <legend>Statutory timescale</legend>
          <Field label="Has timescale">
            {(id) => (
              <input
                id={id}
                type="checkbox"
                checked={timescale !== undefined}
                onChange={(e) => setTimescale(e.target.checked ? {} : null)}
              />
            )}
          </Field>
          {timescale && (
            <div className="field-row">
              <NumberInput
                id={`${stage.id}-ts-value`}
                value={timescale.value}
                onChange={(v) => setTimescale({ value: v ?? 0 })}
              />
              <select
                aria-label="Timescale unit"
                value={timescale.unit}
                onChange={(e) => setTimescale({ unit: e.target.value as Timescale['unit'] })}
              >
                <option value="working_days">working days</option>
                <option value="days">days</option>
                <option value="months">months</option>
              </select>
            </div>
          )}
        </fieldset>
        <NumberField
          label="Capacity"
          value={stage.capacity}
          min={1}
          step={1}
          onChange={(v) => set('capacity', v)}
        />
        <NumberField
          label="Cost per day"
          value={stage.costPerDay}
          min={0}
          onChange={(v) => set('costPerDay', v)}
        />
        <DurationEditor
          value={stage.duration as DurationModel | undefined}
          onChange={(v) => set('duration', v)}
        />
        <TagPicker
          legend="KPI tags"
          options={stageKpiTags}
          value={stage.kpiTags ?? []}
          onChange={(v) => set('kpiTags', v)}
        />
        <div className="field-row">
          <select aria-label="Add a move to" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
            <option value="">add a move to…</option>
            {stageIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
          <button type="button" disabled={moveTo === ''} onClick={() => onConnect(moveTo)}>
            Add move
          </button>
        </div>
        <div className="field-row">
          <button type="button" onClick={onMakeEntry} disabled={isEntry}>
            {isEntry ? 'Entry stage' : 'Make entry stage'}
          </button>
          <button type="button" onClick={onRemove}>
            Remove stage
          </button>
        </div>
      </fieldset>
    </section>
  );
}
