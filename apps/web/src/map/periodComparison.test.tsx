import { describe, expect, it } from 'vitest';
import { comparisonWords, previousPeriod } from './periodComparison.ts';

describe('the selected period against the previous one of equal length', () => {
  it('is the same number of days, ending the day before', () => {
    expect(previousPeriod({ from: '2025-03-04', to: '2025-03-31' })).toEqual({
      from: '2025-02-04',
      to: '2025-03-03',
    });
    expect(previousPeriod({ from: '2024-04-01', to: '2025-03-31' })).toEqual({
      from: '2023-04-02',
      to: '2024-03-31',
    });
  });

  it('says up or down with both numbers, and nothing it cannot know', () => {
    const weeks = { from: '2025-03-04', to: '2025-03-31' };
    expect(comparisonWords('entries', 132, 120, weeks)).toBe('entries 132 (▲ +12 vs previous 4 weeks: 120)');
    expect(comparisonWords('exits', 1_180, 1_230, weeks)).toBe(
      'exits 1,180 (▼ −50 vs previous 4 weeks: 1,230)',
    );
    expect(comparisonWords('exits', 7, 7, weeks)).toBe('exits 7 (no change vs previous 4 weeks: 7)');
    expect(comparisonWords('entries', 132, null, weeks)).toBe('entries 132');
    expect(comparisonWords('entries', null, 120, weeks)).toBe('entries –');
  });
});
