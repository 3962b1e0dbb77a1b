import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { KpiTiles } from './KpiTiles.tsx';

afterEach(cleanup);

const kpis = [
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
    id: 'cla_rate',
    name: 'Children looked after per 10,000',
    unit: 'per_10000',
    value: 41.9,
    numerator: 86,
    denominator: 20500,
  },
  {
    id: 'cp_cases',
    name: 'Child protection cases',
    unit: 'count',
    value: 77,
    numerator: 77,
    denominator: null,
  },
];

describe('KpiTiles', () => {
  it('shows each KPI’s value with its unit', () => {
    render(<KpiTiles kpis={kpis} />);
    expect(screen.getByTestId('kpi-re_referrals_12m').textContent).toContain('24.2%');
    expect(screen.getByTestId('kpi-cla_rate').textContent).toContain('41.9 per 10,000');
    expect(screen.getByTestId('kpi-cp_cases').textContent).toContain('77');
  });

  it('shows numerator and denominator on keyboard focus and on hover, and hides them after', () => {
    render(<KpiTiles kpis={kpis} />);
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.focus(screen.getByTestId('kpi-re_referrals_12m'));
    const tip = screen.getByRole('tooltip').textContent ?? '';
    expect(tip).toContain('referrals within 12 months of a previous one: 121');
    expect(tip).toContain('referrals: 500');
    fireEvent.blur(screen.getByTestId('kpi-re_referrals_12m'));
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.mouseEnter(screen.getByTestId('kpi-cp_cases'));
    expect(screen.getByRole('tooltip').textContent).toContain('numerator: 77');
    expect(screen.getByRole('tooltip').textContent).not.toContain('denominator');
  });

  it('also puts the parts in each tile’s accessible description', () => {
    render(<KpiTiles kpis={kpis} />);
    expect(screen.getByTestId('kpi-cla_rate').getAttribute('aria-description')).toBe(
      'numerator: 86; denominator: 20,500',
    );
  });

  it('says so when there are no KPIs rather than showing nothing', () => {
    render(<KpiTiles kpis={[]} />);
    expect(screen.getByText('No KPIs for this period.')).toBeTruthy();
  });
});
