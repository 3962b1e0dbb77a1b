import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserReady, screenshotDir, signIn, startWebHarness, type WebHarness } from './webHarness.ts';

const ready = browserReady('end-to-end analyst journey (Chromium)');

/**
 * The analyst's question on the demo, in the browser: "early help capacity +20%, 2 years" from
 * today's caseload on the calibrated baseline; the answer shows CIN numbers and waits with 90%
 * intervals and a difference from the baseline, and a result table downloads as CSV. Then the
 * baseline is backtested against the record.
 */
describe.runIf(ready)('the analyst in Chromium against the real server with the demo data', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs early help +20% from today, reads CIN numbers and waits with intervals, exports a CSV, backtests', async () => {
    const page = await signIn(h, 'analyst', { width: 1440, height: 900 });
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Simulation' }).click();
    // Start from today's caseload is the default, and says how many cases that is.
    const today = page.getByRole('radio', { name: /today's caseload/ });
    await today.waitFor({ timeout: 120_000 });
    expect(await today.isChecked()).toBe(true);
    await expect
      .poll(async () => (await today.locator('..').textContent()) ?? '', { timeout: 120_000 })
      .toMatch(/\(\d[\d,]* open cases/);
    const baseline = page.getByLabel('Baseline');
    await expect
      .poll(() => baseline.locator('option').count(), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(2);
    await baseline.selectOption({ index: 1 });
    await page.getByLabel('Name').fill('Early help +20%');
    await page.getByLabel('Capacity change of Early help (%)').fill('20');
    await page.getByLabel('Replications').fill('60');
    await page.getByLabel('Horizon (days)').fill('730');
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByText('Run: done').waitFor({ timeout: 240_000 });

    const headline = await page.getByTestId('run-headline').textContent();
    expect(headline).toMatch(/from today's caseload \(\d[\d,]* open cases\)/);
    expect(await page.getByTestId('capacity-bound').textContent()).toMatch(/Early help \(baseline bound/);
    await page.getByTestId('levels-chart').locator('canvas').waitFor();
    const levels = await page.getByTestId('level-differences').textContent();
    expect(levels).toMatch(
      /Child in need: mean [\d.,]+ → [\d.,]+ children, difference [−+]?[\d.]+ \([−+]?[\d.]+ to [−+]?[\d.]+\)/,
    );
    const table = page.getByTestId('difference-table');
    const earlyHelp = table.locator('tbody tr', { hasText: 'Early help' });
    // waits in days with the paired difference and its interval, and a visible difference in bold
    expect(await earlyHelp.textContent()).toMatch(/capacity-bound|bound in baseline only/);
    expect(await table.locator('tbody strong').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'analyst-whatif-1440.png'), fullPage: true });
    await table.screenshot({ path: join(screenshotDir, 'analyst-whatif-table-1440.png') });
    await page
      .getByTestId('cost-forecast')
      .screenshot({ path: join(screenshotDir, 'analyst-cost-1440.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: join(screenshotDir, 'analyst-whatif-1024.png'), fullPage: true });
    await table.screenshot({ path: join(screenshotDir, 'analyst-whatif-table-1024.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the stage table as CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(
      /^stage,label,caseload_baseline,caseload_scenario,caseload_difference/,
    );
    expect(csv).toContain('child_in_need,Child in need,');

    await page.getByRole('button', { name: 'Save scenario' }).click();
    await page.getByRole('checkbox', { name: 'Early help +20% (with result)' }).waitFor({ timeout: 30_000 });

    await page.getByRole('tab', { name: 'Backtest the baseline' }).click();
    await page.getByRole('button', { name: 'Show the fit report' }).click();
    await page.getByTestId('fit-report').locator('tbody tr').first().waitFor({ timeout: 120_000 });
    await page.getByLabel('Replications').last().fill('50');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByTestId('backtest-summary').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('backtest-table').locator('tbody tr').count()).toBeGreaterThan(5);
    await page
      .getByTestId(/^backtest-chart-/)
      .locator('canvas')
      .waitFor();
    await page.screenshot({ path: join(screenshotDir, 'analyst-backtest-1024.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(screenshotDir, 'analyst-backtest-1440.png'), fullPage: true });
    await page.close();
  });
});
