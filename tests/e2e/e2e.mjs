// End-to-end test of the built site: serves dist/ under a sub-path (/podscape/, as a project page
// would be) on loopback, drives it in Debian's headless Chromium with playwright-core, and keeps
// screenshots at desktop and phone widths in tests/e2e/artifacts/ for a human to look at.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { agnhostBehindService, fiftyClientLoops } from './fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// PODSCAPE_DIST: another build to test (the idle bench's "before" figures came from main's).
const dist = path.resolve(process.env.PODSCAPE_DIST ?? path.resolve(here, '../../dist'));
const artifacts = path.join(here, 'artifacts');
const SUBPATH = '/podscape/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.yaml': 'text/yaml', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};

let server, browser, base;

function serve() {
  return new Promise((resolve) => {
    const s = http.createServer(async (req, res) => {
      const url = new URL(req.url, 'http://x');
      // Only the sub-path exists: an absolute asset URL would 404 here and fail the test.
      if (!url.pathname.startsWith(SUBPATH)) { res.writeHead(404).end(); return; }
      let rel = decodeURIComponent(url.pathname.slice(SUBPATH.length)) || 'index.html';
      const file = path.resolve(dist, rel);
      if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

before(async () => {
  assert.ok(existsSync(path.join(dist, 'index.html')), 'dist/ is missing: run trunk build --release first');
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}${SUBPATH}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  await mkdir(artifacts, { recursive: true });
  // Every page of every test reports Content-Security-Policy violations (the event, in every
  // frame, and Chromium's console line); any one fails the test it happened in.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.exposeBinding('__podscapeCsp', ({ frame }, what) => cspViolations.push(`${frame.url()}: ${what}`));
    await context.addInitScript(() => {
      addEventListener('securitypolicyviolation', (e) => {
        window.__podscapeCsp(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    context.on('console', (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|connect|compile|evaluate|frame|create)/i.test(m.text())) {
        cspViolations.push(`console: ${m.text()}`);
      }
    });
    return context;
  };
});

const cspViolations = [];
afterEach(() => {
  assert.deepEqual(cspViolations.splice(0), [], 'Content-Security-Policy violations');
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the page and records console errors, page errors and failed requests. */
async function open(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(base);
  await page.waitForSelector('[data-testid=stage]');
  // The module that follows the first paint boots the cluster (ARCHITECTURE.md, "Two modules").
  await page.waitForSelector('[data-module=ready]');
  return { page, problems, context };
}

/** The playground frames of a training page, in document order. embed.js makes a block's frame
 *  only when it nears the viewport: each is brought near once, then the page goes back to its
 *  top (where the first playground is in view, its frame loop running). */
async function playgrounds(page, n) {
  await page.waitForFunction(() => document.querySelector('[data-podscape-preview], iframe[data-podscape]'));
  for (;;) {
    const left = await page.locator('[data-podscape-preview]').count();
    if (left === 0) break;
    await page.locator('[data-podscape-preview]').first().scrollIntoViewIfNeeded();
    await page.waitForFunction((left) => document.querySelectorAll('[data-podscape-preview]').length < left, left);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((n) => document.querySelectorAll('iframe[data-podscape]').length === n, n);
  return Promise.all((await page.$$('iframe[data-podscape]')).map((f) => f.contentFrame()));
}

/** Main-thread time of the page's renderer (its frames are same-origin: the same thread) over
 *  `ms` of wall time, from the DevTools protocol's Performance.TaskDuration. */
async function mainThreadBusy(page, ms) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const [b0, w0] = [await busy(), Date.now()];
  await new Promise((resolve) => setTimeout(resolve, ms));
  const [b1, w1] = [await busy(), Date.now()];
  await cdp.detach();
  return { busy: (b1 - b0) * 1000, wall: w1 - w0, share: ((b1 - b0) * 1000) / (w1 - w0) };
}

const tenEmbeds = () => readFile(path.join(here, 'ten-embeds.html'), 'utf8');

/** Serves tests/e2e/ten-embeds.html as a page of the built site (static/, beside training.html). */
async function openTenEmbeds(context, { autoplay = true } = {}) {
  const page = await context.newPage();
  const body = (await tenEmbeds()).replaceAll(autoplay ? '\0' : ' data-autoplay', '');
  await page.route(`${base}static/ten-embeds.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body }));
  await page.goto(`${base}static/ten-embeds.html`);
  return page;
}

/** The virtual clock a playground frame shows, in ms (`data-ms`; the embed hides the text). */
const clockOf = (frame) => frame.evaluate(() => Number(document.querySelector('[data-testid=clock]').dataset.ms));

/** lz-string's compressor, taken from embed.js itself (what a docs page runs). */
async function lzFromEmbedJs() {
  const src = await readFile(path.join(dist, 'embed.js'), 'utf8');
  const body = src.slice(src.indexOf('function lz(text)'), src.indexOf('function isScript'));
  return new Function(body + '; return lz;')();
}

const podCount = (page) => page.locator('[data-testid=pod]').count();

async function waitAllReady(page, n) {
  await page.waitForFunction((n) => {
    const pods = [...document.querySelectorAll('[data-testid=pod]')];
    return pods.length === n && pods.every((p) => p.dataset.ready === 'true');
  }, n);
}

test('the built page loads under a sub-path with no errors and shows the pods', async () => {
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  assert.equal(await podCount(page), 4);
  assert.equal(await page.locator('[data-testid=service]').count(), 1);
  const editor = await page.locator('[data-testid=editor]').inputValue();
  assert.match(editor, /replicas: 3/);
  await page.selectOption('[data-testid=speed]', '10');
  await waitAllReady(page, 4);
  await page.screenshot({ path: path.join(artifacts, 'desktop-1440x900.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first paint comes before the second module; what is typed meanwhile runs when it arrives', async () => {
  // No service worker: once it claimed the page it would serve the module from its precache,
  // past the route that holds it back.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  let release;
  const arrived = new Promise((resolve) => { release = resolve; });
  // Hold the split-off module back until the page has painted and the learner has typed.
  await page.route(/module_.*\.wasm$/, async (route) => { await arrived; await route.continue(); });
  await page.goto(base);
  await page.waitForSelector('[data-testid=stage] [data-testid=node]');
  assert.equal(await page.locator('[data-module=loading]').count(), 1);
  assert.equal(await podCount(page), 0, 'no pods before the cluster boots');
  const input = page.locator('[data-testid=terminal-input]');
  await input.fill('kubectl get deployments');
  await input.press('Enter');
  release();
  await page.waitForSelector('[data-module=ready]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 4);
  const terminal = await page.locator('[data-testid=terminal]').innerText();
  // The boot's apply comes first, then the queued command, run against the booted cluster.
  assert.match(terminal, /kubectl apply -f playground\.yaml\ndeployment\.apps\/image-processor created\nservice\/image-processor created\ndeployment\.apps\/web created\n\$ kubectl get deployments\nNAME\s+READY/);
  assert.doesNotMatch(terminal, /…/);
  await context.close();
});

/** Where the shell's (before the app) or the app's header text, editor and nodes are. */
function layoutOf(root) {
  return (page) => page.evaluate((root) => {
    const r = (e) => { const b = e.getBoundingClientRect(); return [b.x, b.y, b.width, b.height].map(Math.round); };
    const scope = root ? document.querySelector(root) : document.querySelector('.app:not(#shell)');
    const visible = (e) => e.getBoundingClientRect().width > 0;
    return {
      brand: r(scope.querySelector('.brand-name')),
      // By place, not DOM order: the app orders its panes as the layout shows them (focus order).
      panes: [...scope.querySelectorAll('.pane')].map(r).sort((a, b) => a[1] - b[1] || a[0] - b[0]),
      editor: r(scope.querySelector('.code.backdrop')),
      lines: scope.querySelectorAll('.gutter .ln').length,
      nodes: [...scope.querySelectorAll('.stage .node')].filter(visible).map((n) => [n.querySelector('.node-name').textContent, ...r(n)]),
    };
  }, root);
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
  test(`at ${viewport.width} px the header, the text and the nodes are painted before the wasm, and the app replaces them in place`, async () => {
    const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
    const page = await context.newPage();
    const held = async (pattern) => {
      let release;
      const arrived = new Promise((resolve) => { release = resolve; });
      await page.route(pattern, async (route) => { await arrived; await route.continue(); });
      return release;
    };
    // Hold the app's module (and its preload) back: what shows meanwhile is the HTML alone. The
    // module that follows it waits too, so the app is compared as it mounts, before any pod.
    const releaseApp = await held(/podscape-[0-9a-f]+_bg\.wasm$/);
    const releaseRest = await held(/module_.*\.wasm$/);
    // Not until `load`: the held preload would hold it.
    await page.goto(base, { waitUntil: 'commit' });
    await page.waitForSelector('#shell .brand-name', { state: 'visible' });
    assert.equal(await page.locator('[data-testid=stage]').count(), 0, 'the app has not mounted yet');
    assert.ok(await page.locator('#shell .code.backdrop').isVisible(), 'the scenario text is painted');
    const yaml = await readFile(path.resolve(here, '../../static/scenarios/default.yaml'), 'utf8');
    assert.equal(await page.locator('#shell .code.backdrop').textContent(), yaml);
    const before = await layoutOf('#shell')(page);
    assert.deepEqual(before.nodes.map((n) => n[0]).sort(), ['podscape-control-plane', 'podscape-worker', 'podscape-worker2']);
    // Painted: the first contentful paint happened with the shell alone on the page.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length === 1);
    releaseApp();
    await page.waitForSelector('[data-testid=stage]');
    // In place: the shell copies the app's first render (web/index.html); if the app's layout
    // changed, update the shell's markup there.
    const after = await layoutOf(null)(page);
    assert.deepEqual(before, after, 'the shell and the app lay out the same');
    releaseRest();
    await page.waitForSelector('[data-module=ready]');
    // Replaced, not duplicated: one header, one editor, one stage.
    assert.equal(await page.locator('#shell').count(), 0);
    assert.equal(await page.locator('header.topbar').count(), 1);
    assert.equal(await page.locator('.code.backdrop').count(), 1);
    assert.equal(await page.locator('[data-testid=editor]').count(), 1);
    assert.equal(await page.locator('svg.stage').count(), 1);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 4);
    await context.close();
  });
}

test('a link, a query, a stored state or Russian keep the shell\'s English text hidden; an embed hides the shell', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block', colorScheme: 'dark' });
  const page = await context.newPage();
  await page.route(/podscape-[0-9a-f]+_bg\.wasm$/, () => {}); // never boots
  const shown = async (url) => {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return page.evaluate(() => ({
      frame: getComputedStyle(document.querySelector('#shell')).display !== 'none',
      text: getComputedStyle(document.querySelector('#shell .code.backdrop')).visibility === 'visible',
      brand: getComputedStyle(document.querySelector('#shell .brand-tag')).visibility === 'visible',
      theme: document.documentElement.dataset.theme,
    }));
  };
  assert.deepEqual(await shown(base), { frame: true, text: true, brand: true, theme: 'dark' });
  assert.deepEqual(await shown(`${base}?lang=ru`), { frame: true, text: false, brand: false, theme: 'dark' });
  assert.deepEqual(await shown(`${base}#v1&theme=light&scenario=ingress`), { frame: true, text: false, brand: false, theme: 'light' });
  assert.equal((await shown(`${base}?embed#v1&view=stage`)).frame, false);
  await page.evaluate(() => localStorage.setItem('podscape.state.v1', 'v1&scenario=ingress&theme=light'));
  assert.deepEqual(await shown(base), { frame: true, text: false, brand: false, theme: 'light' });
  await context.close();
  const ru = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block', locale: 'ru-RU', colorScheme: 'light' });
  const ruPage = await ru.newPage();
  await ruPage.route(/podscape-[0-9a-f]+_bg\.wasm$/, () => {});
  await ruPage.goto(base, { waitUntil: 'domcontentloaded' });
  assert.equal(await ruPage.evaluate(() => getComputedStyle(document.querySelector('#shell .code.backdrop')).visibility), 'hidden');
  assert.equal(await ruPage.evaluate(() => document.documentElement.dataset.theme), 'light');
  await ru.close();
});

test('once opened, the playground opens offline too (service worker)', async () => {
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Every file of this build is precached at install; then the network goes away.
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    const cache = keys.find((k) => k.startsWith('podscape-'));
    return cache && (await (await caches.open(cache)).keys()).some((r) => /module_.*\.wasm$/.test(r.url));
  });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-module=ready]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 4);
  await page.goto(`${base}?lang=ru`);
  await page.waitForSelector('[data-module=ready]');
  assert.equal(await page.locator('[data-testid=apply]').innerText(), 'Применить');
  assert.deepEqual(problems, []);
  await context.close();
});

test('editing replicas and pressing Ctrl+Enter redraws that many pods', async () => {
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  const editor = page.locator('[data-testid=editor]');
  const text = (await editor.inputValue()).replace('replicas: 3', 'replicas: 5');
  await editor.fill(text);
  await editor.press('Control+Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 6);
  await page.selectOption('[data-testid=speed]', '10');
  await waitAllReady(page, 6);
  assert.match(await page.locator('[data-testid=terminal]').innerText(), /deployment\.apps\/image-processor configured/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a YAML syntax error shows its line and column', async () => {
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  const editor = page.locator('[data-testid=editor]');
  await editor.fill('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n   labels: x\n');
  const shown = await page.locator('[data-testid=diagnostics]').innerText();
  assert.match(shown, /^5:\d+/m);
  await page.screenshot({ path: path.join(artifacts, 'desktop-syntax-error.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the phone layout renders the stage and the editor', async () => {
  const { page, problems, context } = await open({ width: 390, height: 844 });
  await page.selectOption('[data-testid=speed]', '10');
  await waitAllReady(page, 4);
  const stage = await page.locator('[data-testid=stage]').boundingBox();
  assert.ok(stage.width <= 390 && stage.width > 300, `stage is ${stage.width}px wide`);
  await page.screenshot({ path: path.join(artifacts, 'phone-390x844.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the rules tab highlights the rules that routed the last request; Russian via ?lang=ru', async () => {
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  await page.selectOption('[data-testid=speed]', '10');
  await waitAllReady(page, 4);
  await page.click('[data-testid=tab-rules]');
  await page.waitForSelector('.rule.hit');
  const hits = await page.locator('.rule.hit').allInnerTexts();
  assert.ok(hits.some((l) => l.includes('-j DNAT --to-destination')), hits.join('\n'));
  await page.screenshot({ path: path.join(artifacts, 'desktop-rules.png') });
  const ru = await context.newPage();
  await ru.goto(`${base}?lang=ru`);
  await ru.waitForSelector('[data-testid=stage]');
  assert.equal(await ru.locator('[data-testid=apply]').innerText(), 'Применить');
  await ru.screenshot({ path: path.join(artifacts, 'desktop-ru.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a training page turns its <pre class="podscape"> blocks into sized, working playgrounds', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(`${base}static/training.html`);
  const all = await playgrounds(page, 4);
  assert.equal(await page.locator('pre.podscape').count(), 0);
  assert.deepEqual(await page.$$eval('iframe[data-podscape]', (fs) => fs.map((f) => f.dataset.podscape)),
    ['yaml', 'script', 'yaml', 'script']);
  const frames = [all[0], all[2]];
  // The first block's own YAML is what runs (3 replicas); the second is in Russian with 2.
  await frames[0].waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 3);
  await frames[1].waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 2);
  assert.equal(await frames[1].locator('[data-testid=apply]').innerText(), 'Применить');
  // Each iframe was resized by the playground's message (not left at the 560px default).
  await page.waitForFunction(() => [...document.querySelectorAll('iframe[data-podscape]')].every((f) => f.style.height !== '560px'));
  await page.screenshot({ path: path.join(artifacts, 'training-page.png'), fullPage: true });
  // A hostile message from the page itself is ignored: heights stay as the playgrounds set them.
  const before = await page.$$eval('iframe[data-podscape]', (fs) => fs.map((f) => f.style.height));
  // embed.js's listener was added first, so it has handled the message when ours resolves.
  await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', () => resolve(), { once: true });
    window.postMessage({ type: 'podscape:resize', height: 99999 }, '*');
  }));
  assert.deepEqual(await page.$$eval('iframe[data-podscape]', (fs) => fs.map((f) => f.style.height)), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the embedding page drives a playground with postMessage and hears its state', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}static/training.html`);
  const [frame] = await playgrounds(page, 4);
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 3);
  // The first playground is paused (no autoplay): stepping 20 s of virtual time readies it, and
  // its state messages say so.
  await page.evaluate(() => {
    window.states = [];
    window.addEventListener('message', (e) => { if (e.data && e.data.type === 'podscape:state') window.states.push(e.data); });
    document.querySelector('iframe[data-podscape]').contentWindow.postMessage({ type: 'podscape:step', ms: 20000 }, '*');
  });
  await frame.waitForFunction(() => [...document.querySelectorAll('[data-testid=pod]')].every((p) => p.dataset.ready === 'true'));
  await page.waitForFunction(() => window.states.some((s) => s.ready === 3 && s.endpoints === 3));
  // Looking back on the frame's timeline: the page hears each moment shown, also one that
  // draws nothing new but the clock (a second earlier, nothing changed); then Live.
  for (const back of [5000, 6000]) {
    const shown = await frame.evaluate((back) => {
      const s = document.querySelector('[data-testid=scrubber]');
      s.value = String(Number(s.max) - back);
      s.dispatchEvent(new Event('input', { bubbles: true }));
      return Number(s.value);
    }, back);
    await page.waitForFunction((t) => window.states.some((s) => s.t_ms === t), Math.floor(shown / 1000) * 1000);
  }
  await frame.click('[data-testid=live]');
  await frame.waitForFunction(() => !document.querySelector('[data-testid=past-banner]'));
  // Load new manifests: four replicas now.
  const yaml = (await frame.locator('[data-testid=editor]').inputValue()).replace('replicas: 3', 'replicas: 4');
  await page.evaluate((yaml) => document.querySelector('iframe[data-podscape]').contentWindow.postMessage({ type: 'podscape:load', yaml }, '*'), yaml);
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 4);
  // Run a script: its commands appear in the terminal.
  await page.evaluate(() => document.querySelector('iframe[data-podscape]').contentWindow.postMessage({ type: 'podscape:run', script: 'kubectl get svc\nkubectl get endpointslices' }, '*'));
  await frame.waitForFunction(() => document.querySelector('[data-testid=terminal]')?.textContent.includes('$ kubectl get endpointslices'));
  // Malformed and oversized messages change nothing.
  await page.evaluate(() => {
    const w = document.querySelector('iframe[data-podscape]').contentWindow;
    w.postMessage({ type: 'podscape:load', yaml: 'x'.repeat(40000) }, '*');
    w.postMessage({ type: 'podscape:step', ms: -5 }, '*');
    w.postMessage('<img src=x onerror=alert(1)>', '*');
    w.postMessage({ type: 'podscape:load', yaml: 42 }, '*');
  });
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 4);
  assert.equal(await frame.locator('img').count(), 0);
  await context.close();
});

test('a kubectl-script block loads its scenario and runs the script in the terminal (EN and RU)', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(`${base}static/training.html`);
  const [, en, , ru] = await playgrounds(page, 4);
  // EN: scenario=default, then the script scaled it to 5 and listed the slice after 20 s (and web, its client: 6 pods).
  await en.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 6);
  const terminal = await en.locator('[data-testid=terminal]').innerText();
  assert.match(terminal, /deployment\.apps\/image-processor scaled/);
  assert.match(terminal, /kubectl get endpointslices -l kubernetes\.io\/service-name=image-processor/);
  assert.match(terminal, /image-processor-\w{5}\s+IPv4\s+9376/);
  // The '# podscape:' line set the view: no editor, the terminal shown.
  assert.equal(await en.locator('.app.hide-editor').count(), 1);
  // RU: in Russian, kube-proxy in IPVS mode, the '$ ' prompts dropped.
  await ru.waitForFunction(() => document.querySelector('[data-testid=terminal]')?.textContent.includes('ipvsadm -Ln'));
  const ruTerminal = await ru.locator('[data-testid=terminal]').innerText();
  assert.match(ruTerminal, /TCP\s+10\.\d+\.\d+\.\d+:80 rr/);
  assert.equal(await ru.locator('[data-testid=lang]').innerText(), 'EN');
  await page.screenshot({ path: path.join(artifacts, 'training-script.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('share links round-trip; old links open; hostile fragments are refused inertly', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const dialogs = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const open = async (url) => {
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForSelector('[data-testid=stage]');
  };
  const noticeText = () => page.locator('[data-testid=notice]').innerText();
  // Share: Russian, 5×, four replicas; the link reopens exactly that.
  await open(base);
  const editor = page.locator('[data-testid=editor]');
  const yaml = (await editor.inputValue()).replace('replicas: 3', 'replicas: 4');
  await editor.fill(yaml);
  await page.click('[data-testid=lang]');
  await page.selectOption('[data-testid=speed]', '5');
  await page.click('[data-testid=share]');
  const link = page.url();
  assert.match(link, /#v1&scenario=default&lang=ru&theme=\w+&speed=5&seed=\d+&proxy=iptables&yaml=/);
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 5);
  assert.equal(await other.locator('[data-testid=editor]').inputValue(), yaml);
  assert.equal(await other.locator('[data-testid=apply]').innerText(), 'Применить');
  assert.equal(await other.locator('[data-testid=speed]').inputValue(), '5');
  await other.close();
  // The first links (#yaml=percent-encoded) still open.
  await open(`${base}#yaml=${encodeURIComponent(yaml.replace('replicas: 4', 'replicas: 2'))}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod]').length === 3);
  // HTML inside a shared text is text: it sits in the editor and nothing of it runs.
  const lz = await lzFromEmbedJs();
  const hostile = '# <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>\n' + yaml;
  await open(`${base}#v1&yaml=${lz(hostile)}`);
  assert.equal(await editor.inputValue(), hostile);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.$$eval('script', (ss) => ss.filter((x) => x.textContent.includes('pwned')).length), 0);
  // The editor's highlighting shows the tag as text, too.
  assert.match(await page.locator('.editor-pane').innerText(), /<img src=x onerror/);
  // Malformed, script-bearing, newer and oversized fragments: a notice, the usual start.
  await page.evaluate(() => localStorage.clear());
  for (const [fragment, expected] of [
    ['v1&scenario=<script>alert(1)</script>', /damaged or incomplete/],
    ['v1&lang=ru&yaml=' + lz(yaml).slice(0, 40), /damaged or incomplete/],
    ['v1&onload=alert(1)', /damaged or incomplete/],
    ['v2&yaml=AAAA', /newer version/],
    ['v1&yaml=' + 'A'.repeat(9000), /larger than a link may be/],
  ]) {
    await open(`${base}#${fragment}`);
    assert.match(await noticeText(), expected, fragment);
    // The notice can come before the second module (a loaded machine); the pods come with it.
    await page.waitForSelector('[data-module=ready]');
    assert.equal(await podCount(page), 4, fragment);
    assert.equal(await page.locator('[data-testid=apply]').innerText(), 'Apply', fragment);
    await page.click('[data-testid=notice-dismiss]');
    assert.equal(await page.locator('[data-testid=notice]').count(), 0);
  }
  // A page's own anchor is not a link: no notice.
  await open(`${base}#top`);
  assert.equal(await page.locator('[data-testid=notice]').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  await context.close();
});

// Accessibility audit with axe-core (WCAG 2.x A and AA rules) in both themes, at both widths, with
// the details panel open: no serious or critical violation is allowed.
const AXE = path.join(here, 'node_modules/axe-core/axe.min.js');

async function audit(page, where, scope = null) {
  // Evaluated by the test driver, not added as an inline <script>: the page's CSP (rightly)
  // refuses inline scripts it has no hash for. `scope`: a selector to audit only that part.
  await page.evaluate(await readFile(AXE, 'utf8'));
  const result = await page.evaluate((scope) => window.axe.run(scope ? { include: [[scope]] } : document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }), scope);
  // The editor's textarea is an input layer whose glyphs are transparent: the text the learner sees
  // is the highlighted backdrop under it, which axe checks like any text. Contrast on the layer
  // itself is computed from the transparent fill, so that one node is left out of that one rule.
  for (const v of result.violations) {
    if (v.id === 'color-contrast') v.nodes = v.nodes.filter((n) => n.target.join(' ') !== 'textarea');
  }
  return result.violations
    .filter((v) => v.nodes.length > 0)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${n.failureSummary.replace(/\s+/g, ' ')})`).join(' | ')}`);
}

test('axe-core finds no serious or critical accessibility violation', async () => {
  const found = [];
  for (const [theme, viewport] of [['light', { width: 1440, height: 900 }], ['dark', { width: 1440, height: 900 }],
    ['light', { width: 390, height: 844 }], ['dark', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}?theme=${theme}&speed=10`);
    await waitAllReady(page, 4);
    const where = `${theme} ${viewport.width}px`;
    found.push(...await audit(page, where));
    // With a pod's details open, and then each inspector tab in turn (desktop only: on a phone the
    // panes are tabs of their own).
    await page.locator('[data-testid=pod]').first().click();
    found.push(...await audit(page, `${where}, pod details`));
    if (viewport.width > 900) {
      for (const tab of await page.locator('[role=tab]').all()) {
        await tab.click();
        found.push(...await audit(page, `${where}, tab ${await tab.innerText()}`));
      }
    }
    await context.close();
  }
  assert.deepEqual(found, []);
});

test('Run on a real cluster: keyboard only at 390 px, the state as a kind script, axe-clean', async () => {
  const { page, problems, context } = await open({ width: 390, height: 844 });
  await page.focus('[data-testid=run-on-kind]');
  await page.keyboard.press('Enter');
  const dialog = page.locator('[data-testid=export]');
  await dialog.waitFor();
  const script = await page.locator('[data-testid=export-script]').innerText();
  assert.match(script, /kubeProxyMode: iptables/);
  assert.match(script, /step 'kubectl apply -f playground.yaml'/);
  assert.match(script, /name: image-processor/);
  const box = await dialog.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the dialog is ${box.width}px wide at x ${box.x}`);
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus moved into the dialog');
  await page.screenshot({ path: path.join(artifacts, 'export-390x844.png') });
  assert.deepEqual(await audit(page, '390px, export dialog'), []);
  await page.keyboard.press('Escape');
  assert.equal(await dialog.count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a lesson is followed end to end: predict, check, hint, the steps tick off, the course keeps it; a lesson embeds alone', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${base}?lesson=scale&lang=ru&speed=10`);
  await page.waitForSelector('[data-testid=lesson] li.step');
  assert.match(await page.locator('[data-testid=lesson] h3').innerText(), /Масштабирование/);
  assert.equal(await page.locator('[data-testid=lesson] li[data-state=done]').count(), 0);
  // The prediction is a radio group the keyboard walks: Space picks the first, ArrowDown the second.
  const radios = page.locator('[data-testid=predict] input[type=radio]');
  await radios.first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  assert.equal(await radios.nth(1).isChecked(), true);
  // A check before acting says what is missing; hints come one at a time.
  await page.getByTestId('lesson-check').click();
  assert.match(await page.getByTestId('lesson-missing').innerText(), /пяти готовых подов/);
  await page.getByTestId('lesson-hint').click();
  assert.equal(await page.locator('[data-testid=lesson-hints] li').count(), 1);
  assert.deepEqual(await audit(page, 'lesson panel mid-step'), []);
  await page.getByRole('tab', { name: /Terminal|Терминал/ }).click();
  const prompt = page.locator('[data-testid=terminal-input]');
  await prompt.fill('kubectl scale deployment/image-processor --replicas=5');
  await prompt.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=pod][data-ready=true]').length === 6);
  await page.getByRole('tab', { name: /Lesson|Урок/ }).click();
  await page.waitForSelector('[data-testid=predict-outcome][data-right=true]');
  await page.getByRole('tab', { name: /Terminal|Терминал/ }).click();
  await prompt.fill('kubectl scale deployment/image-processor --replicas=2');
  await prompt.press('Enter');
  await page.getByRole('tab', { name: /Lesson|Урок/ }).click();
  await page.waitForSelector('[data-testid=lesson] .lesson-done');
  assert.equal(await page.locator('[data-testid=lesson] li[data-state=done]').count(), 2);
  // At phone width the panel fits.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.locator('[data-testid=lesson]').evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(overflow <= 1, `the lesson panel overflows by ${overflow}px at 390px`);
  await page.screenshot({ path: path.join(artifacts, 'lesson-390x844.png'), fullPage: true });
  // The stored state keeps the course: after a reload the lesson is marked done.
  await page.reload();
  await page.getByRole('tab', { name: /Lesson|Урок/ }).click();
  await page.waitForSelector('[data-testid=course] li[data-lesson=scale][data-mark=done]');
  assert.deepEqual(problems, []);
  await context.close();
  // Embedded alone: the lesson's tab beside the stage, no editor.
  const embedded = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const frame = await embedded.newPage();
  await frame.goto(`${base}?embed&lesson=dns`);
  await frame.waitForSelector('[data-testid=lesson-check]');
  assert.match(await frame.locator('[data-testid=lesson] h3').innerText(), /Headless/);
  assert.equal(await frame.locator('.app.hide-editor').count(), 1);
  await embedded.close();
});

test('a break-fix challenge on a phone: chosen in the menu, checked with a hint, fixed by keyboard, axe-clean', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${base}?lang=ru`);
  await page.waitForSelector('[data-module=ready]');
  await page.selectOption('[data-testid=scenario]', 'challenge:target-port');
  await page.waitForSelector('[data-testid=challenge]');
  await page.getByRole('button', { name: 'Проверить' }).press('Enter');
  await page.waitForSelector('[data-testid=challenge-hint]');
  assert.match(await page.locator('[data-testid=challenge-symptom]').innerText(), /страницу nginx/);
  const found = await audit(page, '390px, challenge with a hint');
  const box = await page.locator('[data-testid=challenge]').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the panel fits the phone: ${JSON.stringify(box)}`);
  await page.getByRole('tab', { name: /Терминал/ }).click();
  const prompt = page.locator('[data-testid=terminal-input]');
  await prompt.fill(`kubectl patch service web --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]'`);
  await prompt.press('Enter');
  await page.waitForTimeout(1500);
  // Back from the terminal: its scrollback, squeezed under the panel on a phone, overflows, and an
  // overflowing scrollback is not focusable (inspector.rs; not this test's subject).
  await page.getByRole('tab', { name: /Урок/ }).click();
  await page.getByRole('button', { name: 'Проверить' }).press('Enter');
  await page.waitForSelector('[data-testid=challenge-verdict] [data-state=solved]');
  found.push(...await audit(page, '390px, challenge solved'));
  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('with prefers-reduced-motion no particle flies: traffic is counts on steady edges; the page toggle overrides it and is stored', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('[data-module=ready]');
  await page.selectOption('[data-testid=speed]', '10');
  // The default scenario's client scaled to 5 (the control runs kubectl scale): 10 requests a second.
  await page.locator('[data-testid=rate]').fill('5');
  await waitAllReady(page, 8);
  assert.equal(await page.locator('[data-testid=motion]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('.app.reduced-motion').count(), 1);
  // The traffic reaches the pods: each edge shows a rate, and no particle is drawn.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=edge-counts] .edge-count')]
    .some((t) => !t.textContent.startsWith('0.0')));
  assert.equal(await page.locator('[data-testid=packets]').count(), 0);
  // Pods change without transitions or animations.
  const motion = await page.$eval('[data-testid=pod]', (p) => [getComputedStyle(p).transitionDuration, getComputedStyle(p.querySelector('circle')).animationName]);
  assert.deepEqual(motion, ['0s', 'none']);
  // Frame after frame the overlay stays as it is; the counts move at most every 500 ms of frames.
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const overlay = () => document.querySelector('[data-testid=overlay]').innerHTML;
    let last = overlay(), frames = 0, changes = 0;
    const t0 = performance.now();
    const tick = () => {
      const now = overlay();
      if (now !== last) changes++;
      last = now;
      if (++frames < 120) requestAnimationFrame(tick);
      else resolve({ frames, changes, ms: performance.now() - t0 });
    };
    requestAnimationFrame(tick);
  }));
  assert.ok(seen.changes <= Math.ceil(seen.ms / 500) + 1, `the overlay changed ${seen.changes} times in ${seen.frames} frames (${seen.ms.toFixed(0)} ms)`);
  // The learner's choice wins over the system's, and is kept across a reload.
  await page.click('[data-testid=motion]');
  await page.waitForSelector('[data-testid=packets]');
  assert.equal(await page.locator('[data-testid=motion]').getAttribute('aria-pressed'), 'false');
  // Chromium hands a page's localStorage writes to the browser process asynchronously; a reload
  // right after a write can start from the older value. Wait until another page sees it.
  const probe = await context.newPage();
  await probe.goto(`${base}sw.js`);
  await probe.waitForFunction(() => localStorage.getItem('podscape.state.v1')?.includes('motion=full'));
  await probe.close();
  // Opened again in a new page of the same browser profile. (Reloading the same page right
  // after the toggle came back reduced in 2 of 4 full e2e runs on a loaded machine, never alone:
  // noted in the closing note of session 6, cause not found.)
  const again = await context.newPage();
  await again.goto(base);
  await again.waitForSelector('[data-module=ready]');
  assert.equal(await again.locator('[data-testid=motion]').getAttribute('aria-pressed'), 'false');
  await again.waitForSelector('[data-testid=packets]');
  await context.close();
});

test('ten embeds: only those near the viewport load; one scrolled away stops its clock and resumes where it stopped', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const problems = [];
  context.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
  const page = await openTenEmbeds(context);
  // The observer makes every near frame in one callback: once one is there, all near ones are.
  await page.waitForSelector('iframe[data-podscape]');
  const loaded = await page.locator('iframe[data-podscape]').count();
  assert.ok(loaded >= 1 && loaded <= 3, `${loaded} of 10 playgrounds loaded at the top of the page`);
  assert.equal(await page.locator('[data-podscape-preview]').count(), 10 - loaded);
  // The previews show their text, and say what is coming.
  assert.match(await page.locator('[data-podscape-preview]').first().innerText(), /Loading playground…[\s\S]*kind: Deployment/);
  const first = await (await page.$('iframe[data-podscape]')).contentFrame();
  await first.waitForSelector('[data-module=ready]');
  await first.waitForFunction(() => Number(document.querySelector('[data-testid=clock]').dataset.ms) >= 1000);
  // Scrolled to the end: the last block loads, the first playground is out of view.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction(() => document.querySelectorAll('[data-podscape], [data-podscape-preview]')[9]?.tagName === 'IFRAME');
  assert.ok(await page.locator('[data-podscape-preview]').count() > 0, 'the blocks scrolled past in one jump stay previews');
  const stopped = await clockOf(first);
  const last = await (await page.$$('iframe[data-podscape]')).at(-1).contentFrame();
  await last.waitForSelector('[data-module=ready]');
  // While the last playground runs two virtual seconds, the first one's clock stands still.
  const lastAt = await last.waitForFunction(() => Number(document.querySelector('[data-testid=clock]').dataset.ms) >= 500)
    .then(() => clockOf(last));
  await last.waitForFunction((t) => Number(document.querySelector('[data-testid=clock]').dataset.ms) >= t + 2000, lastAt);
  assert.equal(await clockOf(first), stopped);
  // Back in view it resumes where it stopped, not where it would be had it run meanwhile.
  await page.evaluate(() => window.scrollTo(0, 0));
  const resumed = await first.waitForFunction((t) => {
    const ms = Number(document.querySelector('[data-testid=clock]').dataset.ms);
    return ms > t && ms;
  }, stopped).then((h) => h.jsonValue());
  assert.ok(resumed < stopped + 1500, `resumed at ${resumed} ms after stopping at ${stopped} ms`);
  assert.deepEqual(problems, []);
  await context.close();
});

// Idle cost (a figure, not a gate): the main thread's busy time while nobody touches the page,
// over 5 s: one playground as opened (time running, requests flying), the same with less
// motion, and the ten-embed page at its top.
test('bench: main-thread time of idle pages', async () => {
  const measure = async (label, options, openPage) => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
    const page = await openPage(context);
    const { busy, wall, share } = await mainThreadBusy(page, 5000);
    console.log(`bench: idle ${label}: main thread busy ${busy.toFixed(0)} ms in ${(wall / 1000).toFixed(1)} s (${(share * 100).toFixed(1)} % of a core)`);
    await context.close();
    return share;
  };
  const playground = async (context) => {
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector('[data-module=ready]');
    await waitAllReady(page, 4);
    return page;
  };
  await measure('playground', {}, playground);
  await measure('playground, less motion', { reducedMotion: 'reduce' }, playground);
  const tenPage = (autoplay) => async (context) => {
    const page = await openTenEmbeds(context, { autoplay });
    await page.waitForSelector('iframe[data-podscape]');
    for (const frame of await page.$$('iframe[data-podscape]')) {
      await (await frame.contentFrame()).waitForSelector('[data-module=ready]');
    }
    return page;
  };
  await measure('ten-embed page, blocks paused (no autoplay)', {}, tenPage(false));
  const share = await measure('ten-embed page, every block with autoplay', {}, tenPage(true));
  assert.ok(share >= 0);
});

// First paint (a figure, not a gate): the browser's first contentful paint, and when the stage
// first shows the scenario's pods (the first meaningful paint), on loopback.
test('bench: first contentful and first meaningful paint', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('[data-testid=pod]');
  const meaningful = await page.evaluate(() => performance.now());
  // The paint entry can arrive after the pods are drawn; wait for it a little (buffered).
  const fcp = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entry = list.getEntriesByName('first-contentful-paint')[0];
      if (entry) resolve(entry.startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => resolve(null), 2000);
  }));
  console.log(`bench: first contentful paint ${fcp === null ? 'not reported' : `${fcp.toFixed(0)} ms`}, pods on the stage by ${meaningful.toFixed(0)} ms`);
  assert.ok(meaningful > 0);
  await context.close();
});

// Frame-time benchmark (a figure, not a gate): 216 pods behind 6 Services (as many as kind's two
// workers run: maxPods 110 each, two of them CoreDNS), each called 50 times a second, so about 500 requests are in flight on the stage. A frame's time runs from its
// animation-frame timestamp to a task queued from inside it, which runs after every rAF callback,
// Yew's render (microtasks), style, layout and paint of that frame. BENCH_RATE=N sets another
// request rate (e.g. 0 or 10) to see what the requests cost.
test('bench: frame time with 216 pods and ~500 requests in flight', async () => {
  const docs = [];
  for (let i = 0; i < 6; i++) docs.push(agnhostBehindService(`web-${i}`, 36));
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}?speed=10#yaml=${encodeURIComponent(docs.join('\n---\n'))}`);
  await page.waitForSelector('[data-testid=stage]');
  await page.locator('[data-testid=rate]').fill(process.env.BENCH_RATE ?? '50');
  await waitAllReady(page, 216).catch(async (e) => {
    throw new Error(`${e.message}: ${await page.evaluate(() => [...document.querySelectorAll('[data-testid=pod]')].filter((p) => p.dataset.ready === 'true').length)} ready pods`);
  });
  await page.waitForFunction((min) => Number(document.querySelector('[data-testid=packets]')?.dataset.count) >= min, process.env.BENCH_RATE ? 0 : 400).catch(async (e) => {
    throw new Error(`${e.message}: ${await page.locator('[data-testid=packets]').getAttribute('data-count')} requests in flight`);
  });
  const stats = await page.evaluate(() => new Promise((resolve) => {
    const frames = [];
    const packets = [];
    const channel = new MessageChannel();
    let pending = null;
    channel.port1.onmessage = () => { frames.push(performance.now() - pending); };
    const until = performance.now() + 5000;
    const loop = (ts) => {
      pending = ts;
      channel.port2.postMessage(0);
      packets.push(Number(document.querySelector('[data-testid=packets]').dataset.count));
      if (performance.now() < until) requestAnimationFrame(loop);
      else setTimeout(() => resolve({ frames, packets }), 50);
    };
    requestAnimationFrame(loop);
  }));
  const sorted = [...stats.frames].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const inFlight = stats.packets.reduce((a, b) => a + b, 0) / stats.packets.length;
  console.log(`bench: ${sorted.length} frames over 5 s, 216 pods, ${inFlight.toFixed(0)} requests in flight on average: ` +
    `frame time p50 ${pick(0.5).toFixed(2)} ms, p95 ${pick(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
  assert.ok(sorted.length > 60, `only ${sorted.length} frames were measured`);
  assert.equal(await podCount(page), 216);
  assert.deepEqual(problems, []);
  await context.close();
});

// Issue 15's benchmark: 50 client Deployments, each a shell loop at 20 requests a second (the
// tutorials' wget loop), against one agnhost Service, with the Service map open.
test('bench: frame time with 50 client loops at 20 req/s and the service map open', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Through the editor: the text is larger than a link may carry.
  await page.goto(base);
  await page.waitForSelector('[data-module=ready]');
  await page.locator('[data-testid=editor]').fill(fiftyClientLoops());
  await page.click('[data-testid=apply]');
  // The api's 3 pods and the 50 clients (CoreDNS's pods are drawn too).
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=pod]')]
    .filter((p) => p.dataset.ready === 'true').length >= 53);
  await page.click('[data-testid=tab-map]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=map-edge]').length >= 50);
  const stats = await page.evaluate(() => new Promise((resolve) => {
    const frames = [];
    const channel = new MessageChannel();
    let pending = null;
    channel.port1.onmessage = () => { frames.push(performance.now() - pending); };
    const until = performance.now() + 5000;
    const loop = (ts) => {
      pending = ts;
      channel.port2.postMessage(0);
      if (performance.now() < until) requestAnimationFrame(loop);
      else setTimeout(() => resolve({ frames }), 50);
    };
    requestAnimationFrame(loop);
  }));
  const sorted = [...stats.frames].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const edges = await page.locator('[data-testid=map-edge]').count();
  const drawn = await page.locator('[data-testid=packets]').evaluate((g) => `${g.dataset.count} particles, 1 request in ${g.dataset.sample} drawn`);
  await page.waitForSelector('[data-testid=sample-note]');
  console.log(`bench: ${sorted.length} frames over 5 s, 50 client loops at 20 req/s, ${drawn}, map open with ${edges} edges: ` +
    `frame time p50 ${pick(0.5).toFixed(2)} ms, p95 ${pick(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
  assert.ok(sorted.length > 60, `only ${sorted.length} frames were measured`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('bench: frame time while scrubbing back through a 30-minute session of 317 pods', async () => {
  // The session of crates/podscape-cli/benches/rewind.rs, carried by a share link's inputs: 300
  // replicas behind a Service (on the page's three nodes: two workers hold 220 of them at 110 a
  // node, the rest stay Pending), 20 requests a second, a second at a time, scaled down and up
  // every 5 minutes.
  const yaml = await readFile(path.resolve(here, '../rewind/bench-app.yaml'), 'utf8');
  let inputs = 'r 200\n';
  for (let second = 0; second < 30 * 60; second++) {
    inputs += 'a 1000\n';
    if (second % 300 === 150) inputs += 'k kubectl scale deployment web --replicas=290\n';
    if (second % 300 === 200) inputs += 'k kubectl scale deployment web --replicas=300\n';
  }
  const lz = await lzFromEmbedJs();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}#v1&yaml=${lz(yaml)}&rewind=${lz(inputs)}`);
  await page.waitForSelector('[data-module=ready]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=scrubber]')?.max) - Number(document.querySelector('[data-testid=scrubber]')?.min) >= 29 * 60_000, null, { timeout: 120_000 });
  await page.click('[data-testid=play]');
  // A slow drag back: one input event a frame, a second of the session each. A frame's time is
  // the event's handler (the seek), the render and the frame's own work, as the other benches
  // measure it (from the frame's start to a message queued behind it).
  const times = await page.evaluate(() => new Promise((resolve) => {
    const scrubber = document.querySelector('[data-testid=scrubber]');
    let value = Number(scrubber.max);
    const times = [];
    const channel = new MessageChannel();
    let t0 = 0;
    const frame = () => {
      t0 = performance.now();
      value -= 1000;
      scrubber.value = String(value);
      scrubber.dispatchEvent(new Event('input', { bubbles: true }));
      channel.port2.postMessage(0);
    };
    channel.port1.onmessage = () => {
      times.push(performance.now() - t0);
      if (times.length < 240) requestAnimationFrame(frame);
      else resolve(times);
    };
    requestAnimationFrame(frame);
  }));
  await page.waitForSelector('[data-testid=past-banner]');
  // The past held still: no pod animates or glides (a scale's moves would transition 500 ms).
  const motion = await page.$eval('[data-testid=pod]', (g) => [getComputedStyle(g).transitionDuration, getComputedStyle(g).animationName]);
  assert.deepEqual(motion.map((m) => m.split(', ').every((d) => d === '0s' || d === 'none')), [true, true], String(motion));
  const sorted = [...times].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const pods = await podCount(page);
  console.log(`bench: scrubbing back a second a frame through a 30-minute session (${pods} pods drawn): ${sorted.length} frames, ` +
    `frame time p50 ${pick(0.5).toFixed(2)} ms, p95 ${pick(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
  assert.ok(pods > 250, `${pods} pods`);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Ten levels of ten aliases each: 10^9 nodes once expanded, from a few hundred bytes. */
function aliasBomb() {
  let text = `a0: &a0 [${Array(10).fill('"lol"').join(',')}]\n`;
  for (let level = 1; level < 10; level++) text += `a${level}: &a${level} [${Array(10).fill(`*a${level - 1}`).join(',')}]\n`;
  return text;
}

test('the built page has a strict CSP with its inline script allowed by hash', async () => {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  // The minifier may reorder and unquote attributes: find the tag, then its content.
  const tag = html.match(/<meta[^>]*http-equiv="?Content-Security-Policy[^>]*>/i)?.[0];
  const csp = tag?.match(/content="([^"]+)"/)?.[1];
  assert.ok(csp, 'no CSP meta tag');
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.match(scriptSrc, /'wasm-unsafe-eval'/);
  assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/=]{44}'/);
  assert.doesNotMatch(scriptSrc, /'unsafe-eval'|'unsafe-inline'/);
  assert.doesNotMatch(csp, /INLINE-SCRIPT-HASH/);
});

test('a hostile link is never stored; a hostile stored state, then a reload, still opens the playground', async () => {
  const lz = await lzFromEmbedJs();
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  const editor = page.locator('[data-testid=editor]');
  const mine = (await editor.inputValue()).replace('replicas: 3', 'replicas: 2');
  await editor.fill(mine);
  await page.waitForFunction(() => localStorage.getItem('podscape.state.v1')?.includes('yaml='));
  const stored = await page.evaluate(() => localStorage.getItem('podscape.state.v1'));
  // A 614-byte-class link whose text is an alias bomb.
  const link = `v1&yaml=${lz(aliasBomb())}`;
  assert.ok(link.length < 1024, `link of ${link.length} bytes`);
  await page.goto('about:blank');
  await page.goto(`${base}#${link}`);
  await page.waitForSelector('[data-module=ready]');
  await page.waitForSelector('[data-testid=notice-restore]');
  assert.equal(await editor.inputValue(), aliasBomb());
  assert.equal(await page.evaluate(() => localStorage.getItem('podscape.state.v1')), stored, 'the link was not stored');
  await page.screenshot({ path: path.join(artifacts, 'notice-hostile-link-1440.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(artifacts, 'notice-hostile-link-390.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.click('[data-testid=notice-restore]');
  assert.equal(await editor.inputValue(), mine);

  // The hostile text stored (as an older version or another tool might have), then a reload.
  await page.evaluate((v) => localStorage.setItem('podscape.state.v1', v), link);
  await page.goto(base);
  await page.waitForSelector('[data-module=ready]');
  assert.equal(await podCount(page), 4);
  assert.ok(await page.locator('[data-testid=diagnostics] .is-error').count() > 0);
  // A visit that died opening it (the guard left set): the next one starts without it.
  await page.evaluate(() => localStorage.setItem('podscape.opening.v1', '0'));
  await page.reload();
  await page.waitForSelector('[data-module=ready]');
  await page.waitForSelector('[data-testid=notice-restore]');
  assert.notEqual(await editor.inputValue(), aliasBomb());
  assert.equal(await podCount(page), 4);
  await page.click('[data-testid=lang]');
  await page.screenshot({ path: path.join(artifacts, 'notice-boot-guard-ru-1440.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(artifacts, 'notice-boot-guard-ru-390.png') });
  // What a panic or a trap shows (the page's handler; Rust's hook calls the same function).
  await page.evaluate(() => window.podscapeCrashed('RuntimeError: unreachable executed'));
  await page.screenshot({ path: path.join(artifacts, 'crash-ru-390.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(artifacts, 'crash-ru-1440.png') });
  await page.click('[data-testid=crash-reload]');
  await page.waitForSelector('[data-module=ready]');
  assert.equal(await page.locator('[data-testid=crash]').count(), 0);
  assert.deepEqual(problems.filter((p) => !p.includes('unreachable')), []);
  await context.close();
});

test('two tabs do not silently overwrite each other', async () => {
  const { page, problems, context } = await open({ width: 1440, height: 900 });
  const other = await context.newPage();
  await other.goto(base);
  await other.waitForSelector('[data-module=ready]');
  const text = (await other.locator('[data-testid=editor]').inputValue()).replace('replicas: 3', 'replicas: 6');
  await other.locator('[data-testid=editor]').fill(text);
  await page.waitForSelector('[data-testid=notice-take-other]');
  const before = await page.evaluate(() => localStorage.getItem('podscape.state.v1'));
  await page.locator('[data-testid=editor]').fill('# mine\n');
  assert.equal(await page.evaluate(() => localStorage.getItem('podscape.state.v1')), before, 'paused while the choice waits');
  await page.click('[data-testid=notice-take-other]');
  assert.equal(await page.locator('[data-testid=editor]').inputValue(), text);
  assert.deepEqual(problems, []);
  await context.close();
});

// Keyboard only, at desktop and phone widths (issue 19): from load, Tab reaches every control in
// the order the page shows them, and leaves every widget (the editor after Escape, as its hint
// says); Shift+Tab leaves everything; each stop shows its focus; the stage's pods, every tab, a
// pod's details (and back) and a packet walk are reached from the keyboard.

/** What has focus, and whether it shows it (an outline or a box-shadow, on :focus-visible). */
function focusNow(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const cs = getComputedStyle(el);
    const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
    const pane = el.closest('.skip-links') ? 'skip' : el.closest('.topbar') ? 'header'
      : el.closest('.editor-pane') ? 'editor' : el.closest('.stage-pane') ? 'stage'
      : el.closest('.inspector-pane') ? 'inspector' : 'other';
    return {
      id: el.dataset.testid ?? el.dataset.stageItem ?? el.id ?? el.tagName,
      item: el.dataset.stageItem ?? null,
      pane,
      visible: ring && el.matches(':focus-visible'),
    };
  });
}

async function tabWalk(page, { back = false, presses = 100 } = {}) {
  const stops = [];
  for (let i = 0; i < presses; i++) {
    const here = await focusNow(page);
    // The editor's convention: Escape, then Tab moves on (Tab alone indents).
    if (here?.id === 'editor' && !back) await page.keyboard.press('Escape');
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focusNow(page);
    if (now) stops.push(now);
  }
  return stops;
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
  test(`keyboard only at ${viewport.width} px: every control, the stage, the tabs, a pod's details and a packet walk`, async () => {
    const { page, problems, context } = await open(viewport);
    await page.selectOption('[data-testid=speed]', '10');
    await waitAllReady(page, 4);
    await page.evaluate(() => document.activeElement?.blur());
    const text = await page.locator('[data-testid=editor]').inputValue();

    // Forward: 100 Tabs from the top of the page.
    const stops = await tabWalk(page);
    const ids = stops.map((s) => s.id);
    assert.equal(ids[0], 'skip-stage', 'the skip links come first');
    for (const s of stops) assert.ok(s.visible, `focus not visible on ${s.id}`);
    for (const id of ['skip-stage', 'skip-editor', 'skip-terminal', 'scenario', 'play', 'step', 'speed', 'rate', 'source',
      'share', 'lang', 'theme', 'apply', 'editor', 'tab-moves-focus', 'tab-terminal', 'terminal-input']) {
      assert.ok(ids.includes(id), `Tab never reached ${id}: ${ids.join(' ')}`);
    }
    assert.ok(stops.some((s) => s.item), 'the stage is reached');
    // No trap: from every widget the next Tab went elsewhere.
    for (let i = 1; i < stops.length; i++) assert.notEqual(stops[i].id, stops[i - 1].id, `Tab stayed on ${stops[i].id}`);
    // One stop for the stage and one for the tabs in each pass through the page.
    const pass = ids.slice(0, ids.indexOf('skip-stage', 1) > 0 ? ids.indexOf('skip-stage', 1) : ids.length);
    assert.equal(stops.slice(0, pass.length).filter((s) => s.item).length, 1, `one stage stop: ${pass.join(' ')}`);
    assert.equal(pass.filter((id) => id.startsWith('tab-') && id !== 'tab-moves-focus').length, 1, `one tab stop: ${pass.join(' ')}`);
    // Focus order is the visual order: on a phone the editor comes last, on a desktop first.
    const first = (pane) => stops.findIndex((s) => s.pane === pane);
    if (viewport.width < 820) {
      assert.ok(first('stage') < first('inspector') && first('inspector') < first('editor'), pass.join(' '));
    } else {
      assert.ok(first('editor') < first('stage') && first('stage') < first('inspector'), pass.join(' '));
    }
    assert.equal(await page.locator('[data-testid=editor]').inputValue(), text, 'walking through left the text alone');

    // Backward: Shift+Tab is never kept by any widget, the editor's included.
    const back = await tabWalk(page, { back: true });
    for (let i = 1; i < back.length; i++) assert.notEqual(back[i].id, back[i - 1].id, `Shift+Tab stayed on ${back[i].id}`);
    assert.ok(back.some((s) => s.id === 'editor') && back.some((s) => s.id === 'terminal-input'));

    // The stage: the skip link, then arrows to a pod; Enter opens its details, focus inside.
    await page.locator('[data-testid=skip-stage]').focus();
    await page.keyboard.press('Enter');
    assert.ok((await focusNow(page)).item, 'the skip link lands on the stage');
    let pod;
    for (let i = 0; i < 20 && !pod; i++) {
      await page.keyboard.press('ArrowRight');
      const now = await focusNow(page);
      assert.ok(now.visible, `focus not visible on ${now.id}`);
      if (now.id === 'pod') pod = now.item;
    }
    assert.ok(pod, 'arrows reach a pod');
    await page.screenshot({ path: path.join(artifacts, `keyboard-pod-focus-${viewport.width}.png`) });
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=pod-details]');
    const inside = () => page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'));
    assert.ok(await inside(), 'focus moved into the details');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press(i % 3 ? 'Tab' : 'Shift+Tab');
      assert.ok(await inside(), 'focus stays in the details while open');
      assert.ok((await focusNow(page)).visible);
    }
    await page.screenshot({ path: path.join(artifacts, `keyboard-details-${viewport.width}.png`) });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=pod-details]', { state: 'detached' });
    assert.equal((await focusNow(page)).item, pod, 'Escape returns focus to the pod');
    // The Deployment chip is in the same group: End reaches it, Enter opens it, Close returns.
    await page.keyboard.press('End');
    assert.equal((await focusNow(page)).id, 'deployment');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=deployment-details]');
    assert.ok(await inside());
    await page.locator('[data-testid=deployment-details] header button').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=deployment-details]', { state: 'detached' });
    assert.equal((await focusNow(page)).id, 'deployment', 'Close returns focus to the chip');

    // The tabs: the terminal's skip link, then Shift+Tab to the tablist; arrows visit all eight.
    await page.locator('[data-testid=skip-terminal]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'terminal-input');
    await page.keyboard.press('Shift+Tab');
    assert.equal((await focusNow(page)).id, 'tab-terminal');
    const visited = new Set();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('ArrowRight');
      const now = await focusNow(page);
      assert.ok(now.visible, `focus not visible on ${now.id}`);
      assert.equal(await page.locator(`[data-testid=${now.id}]`).getAttribute('aria-selected'), 'true');
      visited.add(now.id);
    }
    assert.equal(visited.size, 8, [...visited].join(' '));
    await page.keyboard.press('End');
    assert.equal((await focusNow(page)).id, 'tab-walk');
    await page.screenshot({ path: path.join(artifacts, `keyboard-tab-focus-${viewport.width}.png`) });
    // A packet walk: Tab into the list of recent requests, Enter walks the chosen one.
    await page.waitForSelector('[data-testid=recent-request]');
    await page.keyboard.press('Tab');
    const request = await focusNow(page);
    assert.equal(request.id, 'recent-request');
    assert.ok(request.visible);
    const label = await page.evaluate(() => document.activeElement.textContent);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');
    const walk = await page.locator('[data-testid=walk]').innerText();
    assert.match(walk, new RegExp(`opens http://${label.split(' ')[1]}`));
    assert.match(walk, /DNAT|REJECT|DROP/);

    // The editor: focused, then Escape says Tab now moves on.
    await page.locator('[data-testid=skip-editor]').focus();
    await page.keyboard.press('Enter');
    assert.equal((await focusNow(page)).id, 'editor');
    assert.ok((await focusNow(page)).visible);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(artifacts, `keyboard-editor-focus-${viewport.width}.png`) });
    await page.locator('[data-testid=skip-terminal]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'terminal-input');
    await page.screenshot({ path: path.join(artifacts, `keyboard-terminal-focus-${viewport.width}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a crash-looping pod\'s Why? chain opens by keyboard and passes axe-core in both themes', async () => {
  const found = [];
  for (const theme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}?theme=${theme}&speed=10`);
    await waitAllReady(page, 4);
    await page.locator('[data-testid=scenario]').selectOption('crash-loop');
    await page.locator('[data-testid=pod][data-status=CrashLoopBackOff]').first().waitFor({ timeout: 60000 });
    // Its glyph pulses while it backs off: never "stable" for Playwright.
    await page.locator('[data-testid=pod][data-status=CrashLoopBackOff]').first().click({ force: true });
    const badge = page.locator('[data-testid=pod-details] [data-testid=why-badge]');
    await badge.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=why-chain]').waitFor();
    assert.equal(await badge.getAttribute('aria-expanded'), 'true');
    assert.match(await page.locator('[data-testid=why-chain]').innerText(), /crash-looping/);
    // The panel with the chain (the stage around it has its own audit above).
    found.push(...await audit(page, `${theme}, Why? chain`, '[data-testid=pod-details]'));
    await context.close();
  }
  assert.deepEqual(found, []);
});

// Rewind (issue 17), keyboard only: Tab reaches the timeline's scrubber; Home shows the session's
// first moment (the banner says so, the page passes axe), End is live again; from the banner,
// Live is a button.
for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
  test(`rewind with the keyboard at ${viewport.width} px`, async () => {
    const { page, problems, context } = await open(viewport);
    await page.selectOption('[data-testid=speed]', '10');
    await waitAllReady(page, 4);
    await page.waitForTimeout(1500);
    await page.evaluate(() => document.activeElement?.blur());
    const stops = await tabWalk(page, { presses: 120 });
    const at = stops.find((s) => s.id === 'scrubber');
    assert.ok(at, `Tab never reached the scrubber: ${stops.map((s) => s.id).join(' ')}`);
    assert.ok(at.visible, 'the scrubber shows its focus');
    await page.locator('[data-testid=scrubber]').focus();
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid=past-banner]');
    assert.match(await page.locator('[data-testid=past-banner]').innerText(), /Viewing the past/);
    const found = await audit(page, `rewind ${viewport.width}px`);
    assert.deepEqual(found, []);
    await page.keyboard.press('End');
    await page.waitForSelector('[data-testid=past-banner]', { state: 'detached' });
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid=past-banner]');
    await page.locator('[data-testid=live]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=past-banner]', { state: 'detached' });
    assert.deepEqual(problems, []);
    await context.close();
  });
}
