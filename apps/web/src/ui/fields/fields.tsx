import { type ReactNode, useEffect, useId, useState } from 'react';

/** A labelled row in a side panel. */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** A number input that reports undefined when emptied, so optional fields can be cleared. */
export function NumberInput({
  id,
  value,
  onChange,
  step,
  min,
}: {
  id: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  step?: number | undefined;
  min?: number | undefined;
}) {
  return (
    <input
      id={id}
      type="number"
      step={step ?? 'any'}
      min={min}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
    />
  );
}

/** A labelled number setting: the Field + NumberInput pair every numeric side-panel value uses. */
export function NumberField({
  label,
  ...input
}: {
  label: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  step?: number;
  min?: number;
}) {
  return <Field label={label}>{(id) => <NumberInput id={id} {...input} />}</Field>;
}

/** A text input that only reports its value on blur or Enter (used for ids, which rename things). */
export function CommitInput({
  id,
  value,
  onCommit,
}: {
  id: string;
  value: string;
  onCommit: (v: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  return (
    <input
      id={id}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

/** Checkboxes for a fixed list of tags. */
export function TagPicker({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: readonly string[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="tags">
        {options.map((tag) => (
          <label key={tag}>
            <input
              type="checkbox"
              checked={value.includes(tag)}
              onChange={(e) => onChange(e.target.checked ? [...value, tag] : value.filter((t) => t !== tag))}
            />{' '}
            {tag}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The problems validation found for one element, listed in the side panel. */
export function ElementProblems({ problems }: { problems: { code: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems" aria-label="Problems with this element">
      {problems.map((p) => (
        <li key={`${p.code}:${p.message}`} className="error">
          ⚠ {p.message}
        </li>
      ))}
    </ul>
  );
}
