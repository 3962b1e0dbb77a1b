import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DemandNote } from './DemandNote.tsx';

afterEach(cleanup);
const text = () => screen.getByTestId('demand-note').textContent;

describe('what a calibrated baseline assumes about demand', () => {
  it('says a clear trend is applied, with its interval', () => {
    render(
      <DemandNote
        demand={{ perYear: 1644.6, trendPerYear: 0.052, trend: { estimate: 0.052, low: 0.021, high: 0.084 } }}
      />,
    );
    expect(text()).toBe(
      'Demand: 1,645 arrivals a year at the extract date; growing +5.2% a year (90% interval +2.1% to +8.4%), applied.',
    );
  });

  it('says an unclear trend is left out, and when none could be fitted', () => {
    render(
      <DemandNote
        demand={{ perYear: 1600, trendPerYear: 0, trend: { estimate: -0.01, low: -0.04, high: 0.02 } }}
      />,
    );
    expect(text()).toContain('trend −1.0% a year (90% interval −4.0% to +2.0%) not applied: no clear change');
    cleanup();
    render(<DemandNote demand={{ perYear: 1600, trendPerYear: 0, trend: null }} />);
    expect(text()).toContain('no trend fitted (under two years of history)');
  });
});
