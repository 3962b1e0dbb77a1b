import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { KpiTiles } from './KpiTiles.tsx';
import { lengthWords, periodDays, readableRate } from './readableRate.ts';

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

  it('says why a rate has no value under a filter (no child population), and only then', () => {
    render(<KpiTiles kpis={[{ ...kpis[1]!, value: null, denominator: null }, kpis[1]!]} />);
    const [filtered, whole] = screen.getAllByTestId('kpi-cla_rate');
    expect(filtered!.textContent).toContain('no rate: the child population of a filtered group is not known');
    expect(whole!.textContent).not.toContain('no rate');
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

  it('annualises a rate of the period’s events and labels it with its period', () => {
    const referrals = {
      id: 'referrals_per_10000',
      name: 'Referrals per 10,000 children',
      unit: 'per_10000',
      measured: 'period' as const,
      value: 65.4,
      numerator: 134,
      denominator: 20_500,
      numeratorLabel: 'referrals in the period',
      denominatorLabel: 'children aged 0-17',
      definition: 'Referrals over population x 10,000.',
    };
    const cla = { ...kpis[1]!, measured: 'asOf' as const };
    // 4 weeks: 65.4 x 365 / 28 = 852.5 a year.
    render(
      <KpiTiles
        kpis={[referrals, cla]}
        period={{ from: '2025-03-04', to: '2025-03-31', asOf: '2025-03-31' }}
      />,
    );
    const tile = screen.getByTestId('kpi-referrals_per_10000');
    expect(tile.querySelector('[data-testid="kpi-value"]')?.textContent).toBe('852.5');
    expect(tile.textContent).toContain('per 10,000 children a year');
    expect(tile.querySelector('[data-testid="kpi-period"]')?.textContent).toBe('4 weeks to 2025-03-31');
    expect(tile.querySelector('[data-testid="kpi-parts"]')?.textContent).toBe('134 / 20,500 children');
    // A stock (children looked after on a day) is not annualised: it is a count on the as-of date.
    const stock = screen.getByTestId('kpi-cla_rate');
    expect(stock.querySelector('[data-testid="kpi-value"]')?.textContent).toBe('41.9');
    expect(stock.textContent).toContain('per 10,000 children');
    expect(stock.textContent).not.toContain('a year');
    expect(stock.querySelector('[data-testid="kpi-period"]')?.textContent).toBe('on 2025-03-31');
  });

  it('reads 4 weeks and 12 months of the same yearly rate as the same figure', () => {
    const year = { from: '2024-04-01', to: '2025-03-31', asOf: '2025-03-31' };
    const weeks = { from: '2025-03-04', to: '2025-03-31', asOf: '2025-03-31' };
    expect(periodDays(year)).toBe(365);
    expect(readableRate({ unit: 'per_10000', measured: 'period', value: 800 }, year).value).toBe(800);
    expect(
      readableRate({ unit: 'per_10000', measured: 'period', value: (800 * 28) / 365 }, weeks).value,
    ).toBe(800);
    expect(readableRate({ unit: 'per_10000', measured: 'period', value: null }, weeks).value).toBeNull();
    expect(readableRate({ unit: 'percent', measured: 'period', value: 24.2 }, year)).toMatchObject({
      value: 24.2,
      periodLabel: '12 months to 2025-03-31',
    });
    expect([7, 28, 91, 365, 40].map(lengthWords)).toEqual([
      '1 week',
      '4 weeks',
      '3 months',
      '12 months',
      '40 days',
    ]);
  });

  it('shows the pathway’s baseline and target beside the value where it has them', () => {
    render(
      <KpiTiles
        kpis={[{ ...kpis[0]!, measured: 'period' as const }]}
        period={{ from: '2024-04-01', to: '2025-03-31', asOf: '2025-03-31' }}
        benchmarks={{ re_referrals_12m: { baseline: 24.2, target: 20 } }}
      />,
    );
    expect(screen.getByTestId('kpi-benchmark').textContent).toBe('baseline 24.2% · target 20%');
  });

  it('hides a suppressed rate rather than annualising it', () => {
    render(
      <KpiTiles
        kpis={[
          {
            id: 'referrals_per_10000',
            name: 'Referrals',
            unit: 'per_10000',
            measured: 'period',
            value: null,
            numerator: null,
            denominator: 20_500,
            suppressed: { numerator: 'primary', value: 'derived' },
          },
        ]}
        period={{ from: '2025-03-04', to: '2025-03-31', asOf: '2025-03-31' }}
      />,
    );
    expect(screen.getByTestId('kpi-value').textContent).toBe('suppressed');
    expect(screen.getByTestId('kpi-parts').textContent).toBe('<5 / 20,500 children');
  });
});
