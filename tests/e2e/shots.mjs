// Screenshots for a person to look at (not a test): node shots.mjs BASE OUTDIR
import { chromium } from 'playwright-core';
const [base, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
async function open(width, height, query = '') {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('page error', e.message));
  await page.goto(`${base}${query}`);
  await page.waitForSelector('[data-module=ready]');
  return { page, context };
}
async function term(page, line) {
  await page.click('[data-testid=tab-terminal]');
  await page.fill('[data-testid=terminal-input]', line);
  await page.press('[data-testid=terminal-input]', 'Enter');
  await page.waitForTimeout(300);
}
for (const [w, h] of [[1440, 900], [390, 844]]) {
  // Why? chain from the Objects tab after a selector typo.
  let { page, context } = await open(w, h, '?speed=10');
  await page.waitForTimeout(3000);
  await term(page, `kubectl patch service image-processor -p '{"spec":{"selector":{"app":"image-processer"}}}'`);
  await term(page, 'sleep 5s');
  await page.click('[data-testid=tab-objects]');
  await page.locator('[data-testid=why-badge]').first().click();
  await page.waitForSelector('[data-testid=why-chain]');
  await page.locator('[data-testid=why-chain]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/why-${w}.png`, fullPage: w < 500 });
  // The timeline, looking back.
  await page.locator('[data-testid=scrubber]').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('PageUp');
  await page.waitForSelector('[data-testid=past-banner]');
  await page.locator('[data-testid=past-banner]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/past-${w}.png`, fullPage: w < 500 });
  await context.close();
  // A challenge being solved.
  ({ page, context } = await open(w, h, '?speed=10'));
  await page.selectOption('[data-testid=scenario]', 'challenge:selector-typo');
  await page.waitForTimeout(2000);
  const check = page.locator('.challenge button').first();
  await check.click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/challenge-${w}.png`, fullPage: w < 500 });
  await context.close();
  // The three-tier shop's service map, api scaled to zero.
  ({ page, context } = await open(w, h, '?speed=10'));
  await page.selectOption('[data-testid=scenario]', 'three-tier');
  await page.waitForTimeout(6000);
  await term(page, 'kubectl scale deployment api --replicas=0');
  await term(page, 'sleep 5s');
  await page.click('[data-testid=tab-map]');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/map-${w}.png`, fullPage: w < 500 });
  // The lesson panel.
  await page.selectOption('[data-testid=scenario]', 'lesson:selectors');
  await page.waitForTimeout(1500);
  await page.click('[data-testid=tab-lesson]');
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/lesson-${w}.png`, fullPage: w < 500 });
  await context.close();
}
await browser.close();
