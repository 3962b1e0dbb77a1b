import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserReady, screenshotDir, signIn, startWebHarness, type WebHarness } from './webHarness.ts';

const ready = browserReady('end-to-end diagram layout (Chromium)');
const sizes = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];

/** Overlaps between edge labels, between labels and nodes, and visible canvas text under 12 px. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const rect = (e: Element) => e.getBoundingClientRect();
    const hit = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const labels = [...document.querySelectorAll('.react-flow .edge-label')].map(rect);
    const nodes = [...document.querySelectorAll('.react-flow__node:not(.react-flow__node-lane)')].map(rect);
    let labelLabel = 0;
    let labelNode = 0;
    labels.forEach((a, i) => {
      for (const b of labels.slice(i + 1)) if (hit(a, b)) labelLabel++;
      for (const n of nodes) if (hit(a, n)) labelNode++;
    });
    // Every element that draws text of its own inside the canvas (nodes, labels, lanes, legend).
    const small: string[] = [];
    const canvas = document.querySelector('section.canvas');
    for (const el of canvas ? canvas.querySelectorAll('*') : []) {
      const own = [...el.childNodes].some((c) => c.nodeType === 3 && (c.textContent ?? '').trim());
      if (!own) continue;
      const style = getComputedStyle(el);
      const r = rect(el);
      if (style.visibility === 'hidden' || style.display === 'none' || r.width === 0 || r.height === 0)
        continue;
      if (Number.parseFloat(style.fontSize) < 12) small.push(`${el.className}: ${style.fontSize}`);
    }
    const zoom = (document.querySelector('.react-flow__viewport') as HTMLElement | null)?.style.transform;
    // The legend and the minimap share the canvas' bottom edge: neither may cover the other.
    const legend = document.querySelector('section.canvas .legend');
    const minimap = document.querySelector('section.canvas .react-flow__minimap');
    const legendMinimap = !!legend && !!minimap && hit(rect(legend), rect(minimap));
    return { labels: labels.length, nodes: nodes.length, labelLabel, labelNode, small, zoom, legendMinimap };
  });
}

/**
 * What the first view shows and how big its text renders: every stage name and move label at least
 * partly inside the canvas, each at its font size times its on-screen scale (rendered width over
 * layout width, i.e. the canvas' zoom), and the height of its first line's box on screen.
 */
async function firstView(page: Page, entry: string) {
  return page.evaluate((entryId) => {
    const canvas = document.querySelector('section.canvas')!.getBoundingClientRect();
    const inView = (r: DOMRect) =>
      r.right > canvas.left && r.left < canvas.right && r.bottom > canvas.top && r.top < canvas.bottom;
    const sized = (selector: string) =>
      [...document.querySelectorAll<HTMLElement>(selector)].flatMap((el) => {
        const r = el.getBoundingClientRect();
        if (!inView(r) || el.offsetWidth === 0) return [];
        const scale = r.width / el.offsetWidth;
        const text = [...el.childNodes].find((c) => c.nodeType === 3 && (c.textContent ?? '').trim());
        const range = document.createRange();
        if (text) range.selectNodeContents(text);
        const line = text ? range.getClientRects()[0] : undefined;
        return [
          {
            text: (el.textContent ?? '').trim().slice(0, 40),
            px: Number.parseFloat(getComputedStyle(el).fontSize) * scale,
            lineHeight: line?.height ?? 0,
          },
        ];
      });
    const names = sized('.react-flow .stage-node .title, .react-flow .map-node .title');
    const labels = sized('.react-flow .edge-label');
    const e = document
      .querySelector(`[data-testid="stage-${entryId}"], [data-testid="map-stage-${entryId}"]`)
      ?.getBoundingClientRect();
    const entryWhole =
      !!e &&
      e.left >= canvas.left &&
      e.right <= canvas.right &&
      e.top >= canvas.top &&
      e.bottom <= canvas.bottom;
    return { names, labels, entryWhole, canvasWidth: canvas.width };
  }, entry);
}

/**
 * The map's stages the open side panel hides part of: each cut by the panel's edge (partly beside it,
 * partly under it), and the selected stage if its box meets the panel's box at all.
 */
async function underPanel(page: Page, selected?: string) {
  return page.evaluate((chosen) => {
    const panel = document.querySelector('aside.side:not([hidden])')!.getBoundingClientRect();
    const hidden: string[] = [];
    for (const el of document.querySelectorAll('[data-testid^="map-stage-"]')) {
      const r = el.getBoundingClientRect();
      const id = (el.getAttribute('data-testid') ?? '').slice('map-stage-'.length);
      const cut = r.left < panel.left - 0.5 && r.right > panel.left + 0.5;
      const meets =
        r.right > panel.left + 0.5 &&
        r.left < panel.right - 0.5 &&
        r.bottom > panel.top + 0.5 &&
        r.top < panel.bottom - 0.5;
      if (cut || (id === chosen && meets)) hidden.push(id);
    }
    return hidden;
  }, selected);
}

/** Asserts a first view is readable: enough of the diagram, the entry whole, no name or label under 10 px. */
function expectReadable(view: Awaited<ReturnType<typeof firstView>>, what: string, minNames: number) {
  const tooSmall = [...view.names, ...view.labels].filter((t) => t.px < 10 || t.lineHeight < 10);
  const smallest = Math.min(...[...view.names, ...view.labels].map((t) => t.px));
  console.info(
    `${what}: ${view.names.length} stage names and ${view.labels.length} move labels in the first view, smallest ${smallest.toFixed(1)} px, entry whole: ${view.entryWhole}, canvas ${view.canvasWidth.toFixed(0)} px wide`,
  );
  expect(tooSmall, `${what}: text under 10 px`).toEqual([]);
  expect(view.entryWhole, `${what}: the entry stage is whole in the first view`).toBe(true);
  expect(view.names.length, `${what}: stage names in view`).toBeGreaterThanOrEqual(minNames);
  expect(view.labels.length, `${what}: move labels in view`).toBeGreaterThanOrEqual(2 * minNames);
}

describe.runIf(ready)('the designer and the map read at 1440x900 and 1024x768', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  for (const size of sizes)
    it(`no label overlaps a label or a node, no canvas text under 12 px, at ${size.width}x${size.height}`, async () => {
      const page = await signIn(h, 'designer', size);
      await page
        .getByTestId('flow-status')
        .filter({ hasText: 'ready to publish' })
        .waitFor({ timeout: 60_000 });
      await page.locator('.react-flow__minimap').waitFor();
      // Laid out, fitted and routed: every move has its label.
      await expect.poll(() => page.locator('.react-flow .edge-label').count(), { timeout: 30_000 }).toBe(25);
      await page.waitForTimeout(1_000);
      // The designer at zoom 0.8 shows 7 of its 9 stages at both sizes.
      expectReadable(await firstView(page, 'front_door'), `designer ${size.width}x${size.height}`, 6);
      const designer = await measure(page);
      await page.screenshot({ path: join(screenshotDir, `designer-${size.width}x${size.height}.png`) });
      console.info(`designer ${size.width}x${size.height}:`, JSON.stringify(designer));
      expect(designer.nodes).toBe(10);
      expect(designer.labelLabel).toBe(0);
      expect(designer.labelNode).toBe(0);
      expect(designer.small).toEqual([]);
      expect(designer.legendMinimap).toBe(false);
      // Narrower than 1200 px the details panel starts closed (the diagram takes the width); a click opens it.
      const details = page.getByRole('complementary', { name: 'Details' });
      if (size.width < 1200) {
        expect(await details.isVisible()).toBe(false);
        await page.getByRole('button', { name: 'Show details' }).click();
        expect(await page.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded')).toBe(
          'true',
        );
        await details.getByRole('heading', { name: 'Stages and moves' }).waitFor();
      } else expect(await details.isVisible()).toBe(true);
      // A stage with a timescale, chosen on the canvas: its panel fits the side panel (a fieldset's
      // default min-content width pushed inputs and buttons past its edge).
      await page.getByTestId('stage-assessment').click();
      await details.getByRole('heading', { name: 'Stage: Social care assessment' }).waitFor();
      const overflow = await details.evaluate((el) => el.scrollWidth - el.clientWidth);
      await page.screenshot({ path: join(screenshotDir, `designer-${size.width}x${size.height}-stage.png`) });
      expect(
        overflow,
        `designer ${size.width}x${size.height}: the stage panel's overflow in px`,
      ).toBeLessThanOrEqual(0);

      await page.close();
      // The map is the managers' (a designer's role does not read aggregates).
      const manager = await signIn(h, 'manager', size);
      await manager.goto(`${h.server.url}/#/map`);
      await manager.locator('[data-testid^="map-stage-"]').first().waitFor({ timeout: 120_000 });
      await expect
        .poll(() => manager.locator('.react-flow .edge-label').count(), { timeout: 120_000 })
        .toBeGreaterThan(10);
      await manager.waitForTimeout(2_000);
      // The map keeps its cards at 100% (12 px figures); below 1200 px its side panel starts closed,
      // so 1024 px wide shows 4 stages (3 with the panel open).
      expectReadable(await firstView(manager, 'front_door'), `map ${size.width}x${size.height}`, 4);
      const map = await measure(manager);
      await manager.screenshot({ path: join(screenshotDir, `map-${size.width}x${size.height}.png`) });
      console.info(`map ${size.width}x${size.height}:`, JSON.stringify(map));
      expect(map.labelLabel).toBe(0);
      expect(map.labelNode).toBe(0);
      expect(map.small).toEqual([]);
      expect(map.legendMinimap).toBe(false);
      // With the side panel open (at 1024 px a click opens it) no stage is cut by its edge, and a
      // stage chosen from its list, off to the right of the first view, is brought whole beside it.
      if (size.width < 1200) await manager.getByRole('button', { name: 'Show details' }).click();
      const panel = manager.getByRole('complementary', { name: 'Stage details' });
      await panel.getByRole('heading', { name: 'Stages', exact: true }).waitFor();
      expect(await underPanel(manager), `map ${size.width}x${size.height}: stages under the panel`).toEqual(
        [],
      );
      await panel.getByRole('button', { name: /Section 47 enquiry/ }).click();
      await panel.getByRole('heading', { name: 'Section 47 enquiry', exact: true }).waitFor();
      await expect.poll(() => underPanel(manager, 's47_enquiry')).toEqual([]);
      await manager.screenshot({
        path: join(screenshotDir, `map-${size.width}x${size.height}-selected.png`),
      });
      await manager.close();
    });

  it('a designer changes a stage, publishes and sees the change highlighted on the canvas and listed in words', async () => {
    const page = await signIn(h, 'designer', sizes[0]);
    const status = page.getByTestId('flow-status');
    await status.filter({ hasText: 'ready to publish' }).waitFor({ timeout: 60_000 });
    // Early help moves up a level: the stage moves into the level 3 lane.
    await page.getByTestId('stage-early_help').click();
    await page.getByLabel('Level', { exact: true }).selectOption('3');
    const lane3 = (await page.getByTestId('lane-3').boundingBox())!;
    await expect
      .poll(async () => {
        const b = (await page.getByTestId('stage-early_help').boundingBox())!;
        return b.y >= lane3.y && b.y + b.height <= lane3.y + lane3.height + 1;
      })
      .toBe(true);
    await status.filter({ hasText: 'ready to publish' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await status.filter({ hasText: /Published version \d+/ }).waitFor({ timeout: 60_000 });
    const published = Number((await status.textContent())?.match(/Published version (\d+)/)?.[1]);

    await page.getByRole('button', { name: 'Compare versions' }).click();
    await page.getByLabel('Compare from').selectOption(String(published - 1));
    await page.getByLabel('Compare to').selectOption(String(published));
    const diff = page.getByTestId('diff');
    await diff.filter({ hasText: 'Level: 2 → 3' }).waitFor({ timeout: 30_000 });
    expect(await diff.textContent()).not.toMatch(/[{}"]/);
    const badge = page.getByTestId('stage-early_help').getByTestId('change-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('changed');
    expect(await page.getByTestId('change-badge').count()).toBe(1);
    await page.waitForTimeout(1_000);
    // The compared version is laid out and framed like the draft: readable, from the front door.
    expectReadable(await firstView(page, 'front_door'), 'compare 1440x900', 6);
    await page.screenshot({ path: join(screenshotDir, 'designer-compare.png') });
    await page.close();
  });
});
