// Not a test: where the main thread's time goes in the service-map bench (e2e.mjs, "50 client
// loops ... service map open"). Serves dist/ (or PODSCAPE_DIST), sets up the same page, then
// records a Chromium trace (CDP) for 4 s and prints the renderer main thread's self time per
// event kind, per frame (one animation frame to the next), the distribution of a frame's total,
// and the map's redraws (frames that laid out SVG text) against the other frames. BENCHMARKS.md
// ("Frame time with the service map open") has figures.
//   node prof-map.mjs [--tab=map|terminal] [--thread] [--cpu [--turns]]
// --thread: the thread's CPU time instead of wall time (less sensitive to other processes);
// --cpu: a sampling profile too, by function (inclusive), for the slowest tenth of frames or,
// with --turns, the map's redraws; names need a build optimised with `wasm-opt -g`.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { fiftyClientLoops } from './fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.PODSCAPE_DIST ?? path.resolve(here, '../../dist'));
const tab = (process.argv.find((a) => a.startsWith('--tab=')) ?? '--tab=map').slice(6);
const cpu = process.argv.includes('--cpu');
// --thread: thread (CPU) time instead of wall time, less sensitive to the other processes' load.
const thread = process.argv.includes('--thread');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.yaml': 'text/yaml' };
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const file = path.resolve(dist, decodeURIComponent(url.pathname.slice(1)) || 'index.html');
  if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  res.end(await readFile(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
await page.goto(base);
await page.waitForSelector('[data-module=ready]');
await page.locator('[data-testid=editor]').fill(fiftyClientLoops());
await page.click('[data-testid=apply]');
await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=pod]')].filter((p) => p.dataset.ready === 'true').length >= 53);
if (tab === 'map') {
  await page.click('[data-testid=tab-map]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=map-edge]').length >= 50);
}
await page.waitForTimeout(1000);
if (tab === 'map') console.log('an edge:', await page.locator('[data-testid=map-edge-button]').first().textContent());
const cdp = await context.newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink', transferMode: 'ReportEvents' });
if (cpu) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
await page.waitForTimeout(4000);
let profile = null;
if (cpu) profile = (await cdp.send('Profiler.stop')).profile;
await cdp.send('Tracing.end');
await done;
// The renderer's main thread.
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((f) => f.pid === e.pid && f.name === 'FireAnimationFrame'));
const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E')).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
const self = new Map();
const stack = [];
const starts = mine.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.ts);
const perFrame = starts.map(() => new Map());
const frameOf = (ts) => { let lo = 0, hi = starts.length - 1; if (ts < starts[0]) return -1; while (lo < hi) { const m = (lo + hi + 1) >> 1; if (starts[m] <= ts) lo = m; else hi = m - 1; } return lo; };
const close = (upto) => {
  while (stack.length && stack[stack.length - 1].end <= upto) {
    const top = stack.pop();
    self.set(top.name, (self.get(top.name) ?? 0) + top.dur - top.children);
    const f = frameOf(top.start);
    if (f >= 0) perFrame[f].set(top.name, (perFrame[f].get(top.name) ?? 0) + top.dur - top.children);
    if (stack.length) stack[stack.length - 1].children += top.dur;
  }
};
const open = [];
for (const e of mine) {
  if (e.ph === 'X') {
    close(e.ts);
    stack.push({ name: e.name, start: e.ts, end: e.ts + (e.dur ?? 0), dur: (thread ? e.tdur : e.dur) ?? 0, children: 0 });
  } else if (e.ph === 'B') { open.push(e); } else if (e.ph === 'E') {
    const b = open.pop(); if (!b) continue;
    // B/E pairs: counted as their own totals (rare here).
    self.set(b.name + ' (B/E)', (self.get(b.name + ' (B/E)') ?? 0) + e.ts - b.ts);
  }
}
close(Infinity);
const frames = mine.filter((e) => e.name === 'FireAnimationFrame').length;
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`tab ${tab}: ${frames} animation frames in 4 s; main thread busy ${(total / 1000).toFixed(0)} ms, ${(total / 1000 / frames).toFixed(2)} ms a frame`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 22)) console.log(`${(v / 1000 / frames).toFixed(3).padStart(8)} ms/frame  ${k}`);
{
  const totals = perFrame.map((m) => [[...m.values()].reduce((a, b) => a + b, 0), m]).slice(0, -1);
  const sorted = totals.map((t) => t[0]).sort((a, b) => a - b);
  const q = (x) => (sorted[Math.floor(x * sorted.length)] / 1000).toFixed(2);
  console.log(`main-thread busy per frame (rAF to rAF): p50 ${q(0.5)} p90 ${q(0.9)} p95 ${q(0.95)} max ${q(0.999)} ms`);
  // The map's turns: frames that laid out SVG text (the map's labels changed).
  const turn = totals.filter((t) => t[1].has('InlineNode::FindSvgTextChunks'));
  const rest = totals.filter((t) => !t[1].has('InlineNode::FindSvgTextChunks')).map((t) => t[0]).sort((a, b) => a - b);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) / 1000;
  const rq = (x) => (rest[Math.floor(x * rest.length)] / 1000).toFixed(2);
  const part = (name) => mean(turn.map((t) => t[1].get(name) ?? 0)).toFixed(2);
  console.log(`map turns: ${turn.length} frames, mean ${mean(turn.map((t) => t[0])).toFixed(2)} ms (script ${part('FunctionCall')}, layout ${(+part('Layout') + +part('LocalFrameView::performLayout')).toFixed(2)}, paint ${part('Paint')}); other frames p50 ${rq(0.5)} p95 ${rq(0.95)} ms`);
  const slow = totals.filter((t) => t[0] >= sorted[Math.floor(0.9 * sorted.length)]);
  const agg = new Map();
  for (const [, m] of slow) for (const [k, v] of m) agg.set(k, (agg.get(k) ?? 0) + v);
  const fast = totals.filter((t) => t[0] <= sorted[Math.floor(0.5 * sorted.length)]);
  const aggf = new Map();
  for (const [, m] of fast) for (const [k, v] of m) aggf.set(k, (aggf.get(k) ?? 0) + v);
  console.log(`--- the slowest 10 % (${slow.length} frames) vs the fastest half, ms a frame`);
  for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`${(v / 1000 / slow.length).toFixed(3).padStart(8)} ${((aggf.get(k) ?? 0) / 1000 / fast.length).toFixed(3).padStart(8)}  ${k}`);
}
if (profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map();
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  for (const [id, t] of dt) { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`; hits.set(k, (hits.get(k) ?? 0) + t); }
  const incl = new Map();
  // Inclusive, counted once per path (recursion is not double-counted only approximately).
  const visit = (n, path) => { const k = n.callFrame.functionName || '(anon)'; const t = sub(n); if (!path.has(k)) incl.set(k, (incl.get(k) ?? 0) + t); const p2 = new Set(path); p2.add(k); for (const c of n.children ?? []) visit(byId.get(c), p2); };
  const memo = new Map();
  const sub = (n) => { if (memo.has(n.id)) return memo.get(n.id); let t = dt.get(n.id) ?? 0; for (const c of n.children ?? []) t += sub(byId.get(c)); memo.set(n.id, t); return t; };
  visit(byId.get(profile.nodes[0].id), new Set());
  console.log('--- sampled inclusive time, ms/frame');
  for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`${(v / 1000 / frames).toFixed(3).padStart(8)}  ${k.slice(0, 150)}`);
  // Samples bucketed by frame: the slowest tenth of frames' inclusive time by function.
  {
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const busy = perFrame.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
    const cut = [...busy].sort((a, b) => a - b)[Math.floor(0.9 * busy.length)];
    let t = profile.startTime;
    const slowIncl = new Map(); let nslow = 0; const counted = new Set();
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas[i] ?? 0;
      const f = frameOf(t);
      if (f < 0 || !(process.argv.includes('--turns') ? perFrame[f].has('InlineNode::FindSvgTextChunks') : busy[f] >= cut)) return;
      counted.add(f);
      const names = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) names.add(byId.get(n).callFrame.functionName || '(anon)');
      const d = profile.timeDeltas[i + 1] ?? 0;
      for (const k of names) slowIncl.set(k, (slowIncl.get(k) ?? 0) + d);
    });
    nslow = counted.size;
    console.log(`--- slowest frames (${nslow}): inclusive sampled time, ms a frame`);
    for (const [k, v] of [...slowIncl].sort((a, b) => b[1] - a[1]).slice(0, 400)) console.log(`${(v / 1000 / nslow).toFixed(3).padStart(8)}  ${k.slice(0, 150)}`);
  }
  console.log('--- sampled self time, ms/frame');
  for (const [k, v] of [...hits].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(v / 1000 / frames).toFixed(3).padStart(8)}  ${k}`);
}
await browser.close();
server.close();
