import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FilterBar } from './FilterBar.tsx';

afterEach(cleanup);

const setup = () => {
  const onApply = vi.fn();
  render(<FilterBar value={{ from: '2024-05-01', to: '2024-05-31', filters: {} }} onApply={onApply} />);
  return onApply;
};
const apply = () => fireEvent.click(screen.getByRole('button', { name: 'Apply' }));

describe('FilterBar', () => {
  it('says a reversed period instead of sending it', () => {
    const onApply = setup();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2024-06-15' } });
    apply();
    expect(screen.getByRole('alert').textContent).toMatch(/From is after To/);
    expect(onApply).not.toHaveBeenCalled();
  });

  it('says an attribute with no code instead of dropping the filter unsaid, and sends one with codes', () => {
    const onApply = setup();
    fireEvent.change(screen.getByLabelText('Attribute'), { target: { value: 'sex' } });
    apply();
    expect(screen.getByRole('alert').textContent).toBe(
      'Enter at least one code for sex, or choose (all cases).',
    );
    expect(onApply).not.toHaveBeenCalled();
    // The closed list's codes are offered (female, not F).
    expect(screen.getByLabelText('is one of').getAttribute('placeholder')).toBe('male,female');
    fireEvent.change(screen.getByLabelText('is one of'), { target: { value: 'female' } });
    apply();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onApply).toHaveBeenCalledWith({
      from: '2024-05-01',
      to: '2024-05-31',
      filters: { sex: ['female'] },
    });
  });
});
