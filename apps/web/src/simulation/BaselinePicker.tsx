import { useEffect, useRef } from 'react';
import { type Calibration, listCalibrations } from '../api/simulation.ts';
import { Field } from '../ui/fields/fields.tsx';
import { ErrorNote } from '../ui/ErrorNote.tsx';
import { usePromise } from '../ui/usePromise.ts';
import { DemandNote } from './DemandNote.tsx';

/**
 * The baseline choice for one pathway version: the calibrations offered are those of the chosen
 * version (a calibration of another version is refused by the server), and when the version
 * changes a choice that no longer belongs to it becomes that version's calibration (or the
 * pathway's own parameters when it has none).
 */
export function BaselinePicker({
  pathwayId,
  version,
  value,
  onChange,
  load = listCalibrations,
}: {
  pathwayId: string;
  version: number;
  value: string;
  onChange: (calibrationId: string) => void;
  /** Tests pass their own. */
  load?: (pathwayId: string, version: number) => Promise<Calibration[]>;
}) {
  const list = usePromise(() => load(pathwayId, version), [pathwayId, version]);
  // Until the user picks, the version's calibration is the default (as when the page opens).
  const picked = useRef(false);
  const options = list.loading ? undefined : (list.data ?? []);
  useEffect(() => {
    if (!options) return;
    const belongs = options.some((c) => c.id === value);
    if (belongs || (value === '' && picked.current)) return;
    onChange(options[0]?.id ?? '');
  }, [options, value, onChange]);
  const chosen = options?.find((c) => c.id === value);
  return (
    <>
      <Field label="Baseline">
        {(id) => (
          <select
            id={id}
            value={chosen ? value : ''}
            disabled={!options}
            onChange={(e) => {
              picked.current = true;
              onChange(e.target.value);
            }}
          >
            <option value="">pathway defaults (not calibrated)</option>
            {(options ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {list.error !== undefined && <ErrorNote error={list.error} onRetry={list.reload} />}
      {chosen?.demand && <DemandNote demand={chosen.demand} />}
    </>
  );
}
