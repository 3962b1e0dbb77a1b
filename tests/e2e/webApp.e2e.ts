import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserReady, screenshotDir, signIn, startWebHarness, type WebHarness } from './webHarness.ts';

const ready = browserReady('end-to-end web app (Chromium)');

describe.runIf(ready)('web app in Chromium against the real server with the demo data', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a manager opens the map, filters a period, opens a stage’s cases and a case timeline', async () => {
    const page = await signIn(h, 'manager');
    // A manager starts on the map; the designer is theirs to look at, not to change.
    await page.getByTestId('map-stage-assessment').waitFor({ timeout: 60_000 });
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Designer' }).click();
    await page.getByTestId('flow-status').filter({ hasText: 'View only' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: '+ Add stage' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Process map' }).click();
    const assessment = page.getByTestId('map-stage-assessment');
    await assessment.waitFor({ timeout: 60_000 });
    await page.getByTestId('map-period').waitFor({ timeout: 120_000 });
    await expect
      .poll(async () => Number(await assessment.getByTestId('open').textContent()), { timeout: 60_000 })
      .toBeGreaterThan(0);
    expect(await page.locator('.kpi').count()).toBeGreaterThanOrEqual(5);
    await page.locator('.kpi').first().focus();
    expect(await page.getByTestId('kpi-tip').textContent()).toMatch(/: [\d,]+.*: [\d,]+/);

    const before = await page.getByTestId('map-period').textContent();
    await page.getByRole('button', { name: '3 months' }).click();
    await expect
      .poll(() => page.getByTestId('map-period').textContent(), { timeout: 60_000 })
      .not.toBe(before);
    const [from, to] = ((await page.getByTestId('map-period').textContent()) ?? '').split(' to ');
    const days = (Date.parse(to!.slice(0, 10)) - Date.parse(from!)) / 86_400_000;
    expect(days).toBe(90);

    await assessment.click();
    const cases = page.getByTestId('stage-cases');
    await cases.locator('tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await cases.locator('tbody tr').count()).toBeGreaterThan(0);
    await cases.locator('tbody tr button').first().click();
    const timeline = page.getByTestId('case-timeline');
    await timeline.locator('.timeline li').first().waitFor({ timeout: 30_000 });
    expect(await timeline.locator('.timeline li').last().textContent()).toContain('assessment');
    await page.screenshot({ path: join(screenshotDir, 'manager-map.png') });
    await page.close();
  });

  it('an analyst runs a scenario and sees the baseline and scenario curves', async () => {
    const page = await signIn(h, 'analyst');
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Simulation' }).click();
    await page.getByLabel('Arrivals ×').waitFor({ timeout: 120_000 });
    const baseline = page.getByLabel('Baseline');
    // The version's calibrations load after the form appears (the list follows the chosen version).
    await expect
      .poll(() => baseline.locator('option').count(), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(2);
    await baseline.selectOption({ index: 1 });
    await page.getByLabel('Arrivals ×').fill('1.3');
    await page.getByLabel('Replications').fill('6');
    await page.getByLabel('Horizon (days)').fill('365');
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByText('Run: running').waitFor();
    await page.getByText('Run: done').waitFor({ timeout: 240_000 });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const chart = page.getByTestId('chart-Early help');
    await chart.waitFor();
    expect(await chart.getAttribute('data-curves')).toBe('baseline,scenario');
    expect(await chart.locator('figcaption').textContent()).toMatch(/baseline mean.*scenario mean.*90% band/);
    expect(await chart.locator('canvas').count()).toBe(1);
    const rows = page.getByTestId('difference-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(screenshotDir, 'analyst-simulation.png'), fullPage: true });

    await page.getByLabel('Name').fill('Demand up 30%');
    await page.getByRole('button', { name: 'Save scenario' }).click();
    await page.getByRole('checkbox', { name: 'Demand up 30%' }).waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('a designer adds a stage, connects it, sees a validation problem, fixes it, publishes and moves the cases to the new version', async () => {
    const page = await signIn(h, 'designer');
    const status = page.getByTestId('flow-status');
    await status.filter({ hasText: 'ready to publish' }).waitFor({ timeout: 60_000 });
    const publish = page.getByRole('button', { name: 'Publish', exact: true });

    await page.getByRole('button', { name: '+ Add stage' }).click();
    await page.getByLabel('Name').fill('Family support');
    const newStage = page.getByTestId('stage-new_stage');
    await newStage.waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await newStage.filter({ hasText: 'New stage' }).waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    await newStage.filter({ hasText: 'Family support' }).waitFor();
    await status.filter({ hasText: 'problems block publishing' }).waitFor();
    expect(await newStage.locator('.badge').textContent()).toBe('2');
    expect(await publish.isDisabled()).toBe(true);

    // Connect front door -> new stage by dragging between handles on the canvas.
    const from = page.locator(
      '.react-flow__node[data-id="front_door"] .react-flow__handle[data-handleid="b"]',
    );
    const to = page.locator('.react-flow__node[data-id="new_stage"] .react-flow__handle[data-handleid="t"]');
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await page.mouse.up();
    await page.getByRole('heading', { name: 'Move: front_door → new_stage' }).waitFor();

    const problems = page.getByTestId('problem-list');
    await problems.filter({ hasText: 'No terminal stage can be reached from "new_stage"' }).waitFor();
    await expect.poll(() => problems.locator('li').count()).toBe(1);
    expect(await publish.isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'designer-problem.png') });

    // A broken draft can still be saved (only publishing is blocked).
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(async () => (await status.textContent())?.includes('unsaved')).toBe(false);
    const draft = await fetch(`${h.server.url}/api/pathways/continuum_of_need/draft`, {
      headers: { authorization: `Bearer ${h.tokens.designer}` },
    }).then((r) => r.json() as Promise<{ definition: { stages: { id: string }[] } }>);
    expect(draft.definition.stages.map((s) => s.id)).toContain('new_stage');

    await newStage.click();
    await page.getByLabel('Add a move to').selectOption('closed');
    await page.getByRole('button', { name: 'Add move' }).click();
    // A stage a simulated case can leave needs a duration model before it can be published.
    await problems.filter({ hasText: 'has no duration model' }).waitFor();
    expect(await publish.isDisabled()).toBe(true);
    await newStage.click();
    await page.getByRole('heading', { name: /Family support/ }).waitFor();
    await page.getByLabel('Distribution').selectOption('exponential');
    await status.filter({ hasText: 'ready to publish' }).waitFor();
    await publish.click();
    await status.filter({ hasText: 'Published version 2' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'designer-published.png') });

    await page.getByRole('button', { name: 'Compare versions' }).click();
    await page.getByLabel('Compare from').selectOption('1');
    await page.getByLabel('Compare to').selectOption('2');
    const diff = page.getByTestId('diff');
    await diff.filter({ hasText: '+ new_stage' }).waitFor();
    expect(await diff.textContent()).toContain('front_door —to_new_stage→ new_stage');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('button', { name: 'Tidy layout' }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(screenshotDir, 'designer-large-screen.png') });

    const v2 = await fetch(`${h.server.url}/api/pathways/continuum_of_need/versions/2`, {
      headers: { authorization: `Bearer ${h.tokens.designer}` },
    }).then((r) => r.json() as Promise<{ definition: { stages: { id: string; label: string }[] } }>);
    expect(v2.definition.stages.find((s) => s.id === 'new_stage')?.label).toBe('Family support');

    // The demo's cases are on version 1 until moved; every stage is still there, so no mapping is asked.
    await page.getByRole('button', { name: 'Move cases' }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table', { name: 'Migration preview' }).waitFor();
    const move = page.getByRole('button', { name: /^Move \d+ cases…$/ });
    const previewed = Number((await move.textContent())?.match(/\d+/)?.[0]);
    expect(previewed).toBeGreaterThan(100);
    // Moving is a separate confirmation step; only open cases move by default.
    await move.click();
    await page
      .getByRole('alertdialog')
      .filter({ hasText: `Move ${previewed} cases` })
      .waitFor();
    await page.getByRole('button', { name: `Yes, move ${previewed} cases` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Moved ${previewed} cases from version 1 to version 2.` })
      .waitFor();
    const onVersion1 = await h.server.store.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('pathway_version_id', '=', 1)
      .where('closed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(onVersion1.n)).toBe(0);
    await page.close();
  });
});
