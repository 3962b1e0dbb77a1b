import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Calibration } from '../api/simulation.ts';
import { BaselinePicker } from './BaselinePicker.tsx';

afterEach(cleanup);

const demand = { perYear: 1200, trendPerYear: 0, trend: null };
/** Like GET /api/calibration?pathwayId=&version=: only the calibration of that version. */
const load = vi.fn(
  async (pathwayId: string, version: number): Promise<Calibration[]> =>
    version === 3
      ? []
      : [{ id: `${pathwayId}@${version}`, label: `CoN v${version}, calibrated`, pathwayId, version, demand }],
);

function Harness() {
  const [version, setVersion] = useState(2);
  const [value, setValue] = useState('');
  return (
    <>
      <select aria-label="Version" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
        {[1, 2, 3].map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <BaselinePicker pathwayId="con" version={version} value={value} onChange={setValue} load={load} />
      <output data-testid="chosen">{value}</output>
    </>
  );
}

const optionLabels = () =>
  [...(screen.getByLabelText('Baseline') as HTMLSelectElement).options].map((o) => o.textContent);

describe('the baseline list follows the chosen version (issue 11 item 7)', () => {
  it('lists and selects the calibration of the chosen version, never one of another', async () => {
    render(<Harness />);
    await waitFor(() => expect(screen.getByTestId('chosen').textContent).toBe('con@2'));
    expect(optionLabels()).toEqual(['pathway defaults (not calibrated)', 'CoN v2, calibrated']);
    expect(load).toHaveBeenLastCalledWith('con', 2);

    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '1' } });
    await waitFor(() => expect(screen.getByTestId('chosen').textContent).toBe('con@1'));
    expect(optionLabels()).toEqual(['pathway defaults (not calibrated)', 'CoN v1, calibrated']);
    expect(screen.getByText(/1,200 arrivals a year/)).toBeTruthy();

    // A version with no recorded stays has no calibration: the pathway's own parameters.
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '3' } });
    await waitFor(() => expect(screen.getByTestId('chosen').textContent).toBe(''));
    expect(optionLabels()).toEqual(['pathway defaults (not calibrated)']);
  });

  it('keeps a deliberate choice of the pathway defaults', async () => {
    render(<Harness />);
    await waitFor(() => expect(screen.getByTestId('chosen').textContent).toBe('con@2'));
    fireEvent.change(screen.getByLabelText('Baseline'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '1' } });
    await waitFor(() => expect(optionLabels()).toContain('CoN v1, calibrated'));
    expect(screen.getByTestId('chosen').textContent).toBe('');
  });
});
