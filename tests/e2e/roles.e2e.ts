import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserReady, screenshotDir, signIn, startWebHarness, type WebHarness } from './webHarness.ts';

// Issue 15: the manager's journey to the overdue assessment cases and their export, the viewer's
// walk of every screen without an action that ends in 403, and the map's first paint measured.

const ready = browserReady('end-to-end roles in the web app (Chromium)');

/** Every 403 the page received, so a walk can assert none. */
function forbiddenLog(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 403) seen.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return seen;
}

describe.runIf(ready)('roles in the web app, in Chromium against the demo', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a manager finds the overdue assessment cases on the worklist and exports them', async () => {
    const page = await signIn(h, 'manager', { width: 1440, height: 900 });
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Worklist' }).click();
    await page.getByTestId('ageing-table').waitFor({ timeout: 120_000 });
    await page.getByLabel('Stage', { exact: true }).selectOption('assessment');
    await page.getByLabel('Show', { exact: true }).selectOption('0');
    // The URL holds the view: reloading restores it.
    await expect.poll(() => page.url()).toContain('stage=assessment');
    expect(page.url()).toContain('over=0');
    await page.reload();
    await page.getByTestId('worklist-table').waitFor({ timeout: 120_000 });
    expect(await page.getByLabel('Stage', { exact: true }).inputValue()).toBe('assessment');
    expect(await page.getByLabel('Show', { exact: true }).inputValue()).toBe('0');

    const rows = page.getByTestId('worklist-table').locator('tbody tr');
    const shown = await rows.count();
    expect(shown).toBeGreaterThan(0);
    for (let i = 0; i < shown; i++) {
      const text = await rows.nth(i).textContent();
      expect(text).toContain('Social care assessment');
      expect(text).toMatch(/\d+ overdue/);
    }
    // The API's own answer for the same day: every overdue assessment case, no other.
    const api = await page.evaluate(async () => {
      const token = sessionStorage.getItem('continuum.token');
      const res = await fetch('/api/worklist?dueWithinDays=10', {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await res.json()) as {
        items: { caseId: string; stage: string; overdue: boolean }[];
        asOf: string;
      };
    });
    const expected = api.items.filter((x) => x.stage === 'assessment' && x.overdue).map((x) => x.caseId);
    expect(shown).toBe(expected.length);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('worklist-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^continuum_of_need-v\\d+-worklist-assessment-${api.asOf}\\.csv$`),
    );
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toMatch(/^case_id,case_ref,stage,stage_label,entered_on,due_on,working_days_overdue/);
    const lines = csv.slice(1).map((l) => l.split(','));
    expect(lines.length).toBe(expected.length);
    expect(new Set(lines.map((l) => l[0]))).toEqual(new Set(expected));
    for (const l of lines) {
      expect(l[2]).toBe('assessment');
      expect(l.at(-1)).toBe('overdue');
      expect(Number(l[6])).toBeGreaterThanOrEqual(0);
    }
    await page.screenshot({ path: join(screenshotDir, 'manager-worklist.png') });

    // A case opens on its own URL; back returns to the same worklist view.
    await rows.first().locator('button').first().click();
    await page.getByTestId('case-timeline').waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/#\/case\//);
    await page.goBack();
    await page.getByTestId('worklist-table').waitFor({ timeout: 60_000 });
    expect(page.url()).toContain('stage=assessment');

    // The map's stage link: selecting a stage puts it in the URL, reloading keeps it.
    await page.goto(`${h.server.url}/#/map?stage=assessment`);
    await page.getByTestId('stage-detail').waitFor({ timeout: 120_000 });
    await expect
      .poll(() => page.getByTestId('compare-entries').textContent(), { timeout: 60_000 })
      .toMatch(/^Entries [\d,]+ \((▲ \+|▼ −|no change)/);
    await page.getByTestId('throughput-chart').locator('canvas').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(screenshotDir, 'manager-stage.png') });
    await page.close();
  });

  it('a viewer walks every screen and finds no action that ends in 403', async () => {
    const page = await signIn(h, 'viewer', { width: 1440, height: 900 });
    const forbidden = forbiddenLog(page);
    const nav = page.getByRole('navigation', { name: 'Areas' });
    const areas = await nav.getByRole('link').allTextContents();
    expect(areas).not.toContain('Simulation');
    expect(areas).not.toContain('Import');
    for (const area of areas) {
      await nav.getByRole('link', { name: area }).click();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
      // Press every enabled button the screen shows (except signing out), then look for 403s.
      const buttons = page.locator('main button:visible:enabled');
      const count = await buttons.count();
      for (let i = 0; i < count; i++) {
        const button = buttons.nth(i);
        if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
        const label = (await button.textContent())?.trim() ?? '';
        if (/sign out/i.test(label)) continue;
        await button.click({ timeout: 5_000 }).catch(() => undefined);
        await page.waitForLoadState('networkidle');
      }
      await page.screenshot({
        path: join(screenshotDir, `viewer-${area.toLowerCase().replace(/\s+/g, '-')}.png`),
      });
      expect(forbidden, `403s on ${area}`).toEqual([]);
      // Back to the area (a pressed button may have opened a detail view).
      await nav.getByRole('link', { name: area }).click();
    }
    // The worklist shows the viewer counts, never case rows; the map no case-level export.
    await nav.getByRole('link', { name: 'Worklist' }).click();
    await page.getByTestId('ageing-table').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('worklist-table').count()).toBe(0);
    await nav.getByRole('link', { name: 'Process map' }).click();
    await page.getByTestId('map-exports').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-xes').count()).toBe(0);
    expect(await page.getByTestId('export-log').count()).toBe(0);
    // A deep link to a case is not an area the viewer may open: it falls back, with no 403, and
    // says so (it used to show the Designer without a word).
    await page.goto(`${h.server.url}/#/case/abc`);
    await page.waitForLoadState('networkidle');
    expect(forbidden).toEqual([]);
    expect(await page.getByTestId('blocked-area').textContent()).toContain(
      'A case is not open to your role (viewer)',
    );
    await page.goto(`${h.server.url}/#/simulation`);
    expect(await page.getByTestId('blocked-area').textContent()).toContain(
      'Simulation is not open to your role (viewer)',
    );
    await page.close();
  });

  it('measures the map’s first paint after the API answers (printed, not asserted)', async () => {
    const figures: number[] = [];
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      const page = await signIn(h, 'manager', size);
      // A manager starts on the map: measured from the designer, so the map's request is caught.
      await page.evaluate(() => {
        window.location.hash = '/designer';
      });
      await page.getByTestId('flow-status').filter({ hasText: 'View only' }).waitFor({ timeout: 60_000 });
      await page.evaluate(() => {
        const w = window as unknown as { mapAnswered?: number };
        const original = window.fetch.bind(window);
        window.fetch = async (...args: Parameters<typeof fetch>) => {
          const res = await original(...args);
          if (String(args[0]).includes('bucket=week') && w.mapAnswered === undefined)
            w.mapAnswered = performance.now();
          return res;
        };
      });
      await page.evaluate(() => {
        window.location.hash = '/map';
      });
      const painted = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const w = window as unknown as { mapAnswered?: number };
            const check = () => {
              const open = document.querySelector(
                '[data-testid="map-stage-assessment"] [data-testid="open"]',
              );
              if (w.mapAnswered !== undefined && open && open.textContent !== '0')
                requestAnimationFrame(() => resolve(performance.now() - (w.mapAnswered as number)));
              else setTimeout(check, 5);
            };
            check();
          }),
      );
      figures.push(painted);
      // No rendered text under 12 px on the map screen: font size times the element's on-screen
      // scale (the canvas's zoom), for every visible text (React Flow's attribution aside).
      const small = await page.evaluate(() => {
        const found: string[] = [];
        const walker = document.createTreeWalker(
          document.querySelector('main') as Node,
          NodeFilter.SHOW_TEXT,
        );
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el || !n.textContent?.trim() || el.closest('.react-flow__attribution')) continue;
          const rect = el.getBoundingClientRect();
          if (rect.width === 0 || rect.height === 0) continue;
          if (
            rect.bottom < 0 ||
            rect.top > window.innerHeight ||
            rect.right < 0 ||
            rect.left > window.innerWidth
          )
            continue;
          const canvas = el.closest('.react-flow__viewport, .react-flow__edgelabel-renderer');
          const scale = canvas ? new DOMMatrix(getComputedStyle(canvas).transform).a : 1;
          const px = Number.parseFloat(getComputedStyle(el).fontSize) * scale;
          if (px < 11.9) found.push(`${n.textContent.trim().slice(0, 30)} (${px.toFixed(1)} px)`);
        }
        return found;
      });
      expect(small, `text under 12 px at ${size.width}x${size.height}`).toEqual([]);
      console.log(
        `map first paint after the API answered, ${size.width}x${size.height}: ${painted.toFixed(0)} ms`,
      );
      await page.screenshot({ path: join(screenshotDir, `map-${size.width}.png`) });
      await page.close();
    }
    expect(figures.length).toBe(2);
  });
});
