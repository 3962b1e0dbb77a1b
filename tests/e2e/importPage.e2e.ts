import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateCinChildren,
  writeCinCensusFiles,
} from '../../packages/formats/src/cinCensus/cinCensus.fixture.ts';
import { importCinCensus, importSsda903 } from '../../packages/formats/src/index.ts';
import { generate903Children, write903Return } from '../../packages/formats/src/ssda903/ssda903.fixture.ts';
import { browserReady, screenshotDir, signIn, startWebHarness, type WebHarness } from './webHarness.ts';

const ready = browserReady('end-to-end Import page (Chromium)');
const fmt = (n: number) => n.toLocaleString('en-GB');

describe.runIf(ready)('Import page in Chromium against the real server', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a manager uploads a generated CIN census file and an SSDA903 pair and sees the counts', async () => {
    const page = await signIn(h, 'manager', { width: 1440, height: 900 });
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor({ timeout: 60_000 });

    // One census year, recognised from its content; counts as the importer itself counts them.
    const [cin] = writeCinCensusFiles(generateCinChildren(1313, 25)).slice(-1);
    const cinRead = importCinCensus([{ name: cin!.name, xml: cin!.xml }], { pseudonymise: (id) => id });
    await page.getByLabel('Files', { exact: true }).setInputFiles({
      name: cin!.name,
      mimeType: 'application/xml',
      buffer: Buffer.from(cin!.xml),
    });
    await page.getByLabel('Keep the valid cases (partial)').check();
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByRole('heading', { name: /^Imported/ }).waitFor({ timeout: 120_000 });
    const c = cinRead.report.counts;
    expect(await page.getByTestId('source-sum').textContent()).toContain(
      `${fmt(cinRead.report.elementsRead)} read = ${fmt(c.imported)} imported + ${fmt(c.merged)} merged + ${fmt(c.not_stored)} not stored + ${fmt(c.outside_pathway)} outside the pathway + ${fmt(c.rejected)} rejected`,
    );
    expect(await page.getByTestId('events-sum').textContent()).toContain(
      `${fmt(cinRead.events.length)} = ${fmt(cinRead.events.length)} imported`,
    );
    await page.getByRole('button', { name: 'Download quality report (CSV)' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'import-cin.png'), fullPage: true });

    // The SSDA903 pair, each table in its own field.
    const r = write903Return(generate903Children(1314, 20));
    const one = (f: typeof r.episodes) => (Array.isArray(f) ? f[0]! : f) as { name: string; csv: string };
    const episodes = one(r.episodes);
    const header = one(r.header!);
    const read903 = importSsda903({ episodes, header }, { pseudonymise: (id) => id });
    await page.getByLabel('Format', { exact: true }).selectOption('ssda903');
    await page.getByLabel('Episodes (required)').setInputFiles({
      name: 'episodes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(episodes.csv),
    });
    await page.getByLabel('Header', { exact: true }).setInputFiles({
      name: 'header.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(header.csv),
    });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page
      .getByRole('heading', { name: /^Imported/ })
      .filter({ hasText: 'ssda903' })
      .waitFor({ timeout: 120_000 });
    const rows = read903.report.tables.reduce((n, t) => n + t.rowsRead, 0);
    expect(await page.getByTestId('source-sum').textContent()).toContain(`${fmt(rows)} read = `);
    expect(await page.getByTestId('events-sum').textContent()).toContain(
      `${fmt(read903.events.length)} = ${fmt(read903.events.length)} imported`,
    );
    const counts = page.locator('table.import-counts tbody tr');
    expect(await counts.count()).toBe(2);

    // The same pair again adds nothing: every child is already stored and continues from there.
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByText('20 already stored', { exact: false }).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('events-sum').textContent()).toContain('0 = 0 imported');
    // Every row is accounted for as already stored, none as imported.
    expect(await page.getByTestId('source-sum').textContent()).toContain(
      `${fmt(rows)} read = 0 imported + ${fmt(rows)} merged`,
    );
    await page.screenshot({ path: join(screenshotDir, 'import-903-again.png'), fullPage: true });
    await page.close();
  });

  it('a viewer sees no Import area', async () => {
    const page = await signIn(h, 'viewer');
    const nav = page.getByRole('navigation', { name: 'Areas' });
    await nav.getByRole('link').first().waitFor();
    expect(await nav.getByRole('link', { name: 'Import' }).count()).toBe(0);
    await page.close();
  });
});
