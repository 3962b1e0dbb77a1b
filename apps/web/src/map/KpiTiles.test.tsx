import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { KpiTiles } from './KpiTiles.tsx';

afterEach(cleanup);

describe('KpiTiles', () => {
  it('shows each KPI with its numerator and denominator in a focusable tooltip', () => {
    render(
      <KpiTiles
        kpis={[
          {
            id: 're_referrals_12m',
            name: 'Re-referrals within 12 months',
            unit: 'percent',
            value: 24.2,
            numerator: 121,
            denominator: 500,
            numeratorLabel: 'referrals within 12 months of a previous one',
            denominatorLabel: 'referrals',
            definition: 'Referrals made within 12 months of a previous referral of the same child.',
          },
          {
            id: 'cp_cases',
            name: 'Child protection cases',
            unit: 'count',
            value: 77,
            numerator: 77,
            denominator: null,
          },
        ]}
      />,
    );
    const tile = screen.getByRole('button', { name: /Re-referrals within 12 months/ });
    expect(tile.textContent).toContain('24.2%');
    const tip = document.getElementById('kpi-tip-re_referrals_12m')?.textContent ?? '';
    expect(tip).toContain('121');
    expect(tip).toContain('500');
    expect(tile.getAttribute('aria-describedby')).toBe('kpi-tip-re_referrals_12m');
    const count = screen.getByTestId('kpi-cp_cases');
    expect(count.textContent).toContain('77');
    expect(count.textContent).not.toContain('denominator');
  });

  it('says so when there are no KPIs rather than showing nothing', () => {
    render(<KpiTiles kpis={[]} />);
    expect(screen.getByText('No KPIs for this period.')).toBeTruthy();
  });
});
