// Lighthouse on the built site: serves dist/ under /podscape/ on loopback (as tests/e2e does),
// compressed as the README asks a static host to (brotli, else gzip, for HTML, CSS, JS and wasm;
// wasm as application/wasm), and runs Lighthouse's mobile and desktop presets in Debian's headless
// Chromium, a fresh profile each run. A bench, not a test: it prints the figures (the median of
// the runs) and asserts nothing. BENCHMARKS.md has the figures and how to read them.
//
//   node lighthouse.mjs [--dist DIR] [--runs N] [--preset mobile|desktop|both] [--no-compress] [--json FILE]
import http from 'node:http';
import zlib from 'node:zlib';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const here = path.dirname(fileURLToPath(import.meta.url));
const SUBPATH = '/podscape/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.yaml': 'text/yaml', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.svg', '.json', '.yaml']);
// The flags of tests/e2e, and no network of Chromium's own (updates, sync, QUIC probes).
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('--runs', '3'));
const presets = arg('--preset', 'both') === 'both' ? ['mobile', 'desktop'] : [arg('--preset')];
const compress = !process.argv.includes('--no-compress');
const jsonOut = arg('--json');
const dist = path.resolve(arg('--dist', path.join(here, '../../dist')));

function serve() {
  const cache = new Map();
  return new Promise((resolve) => {
    const s = http.createServer(async (req, res) => {
      const url = new URL(req.url, 'http://x');
      if (!url.pathname.startsWith(SUBPATH)) { res.writeHead(404).end(); return; }
      const rel = decodeURIComponent(url.pathname.slice(SUBPATH.length)) || 'index.html';
      const file = path.resolve(dist, rel);
      if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404).end(); return; }
      const ext = path.extname(file);
      const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', vary: 'accept-encoding' };
      let body = await readFile(file);
      const accepts = String(req.headers['accept-encoding'] ?? '');
      const encoding = !compress || !COMPRESSIBLE.has(ext) ? null
        : /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
      if (encoding) {
        // Compressed once per file and encoding, at the highest level, as a host would precompress.
        const key = `${file}:${encoding}`;
        if (!cache.has(key)) {
          cache.set(key, encoding === 'br'
            ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })
            : zlib.gzipSync(body, { level: 9 }));
        }
        body = cache.get(key);
        headers['content-encoding'] = encoding;
      }
      res.writeHead(200, headers);
      res.end(body);
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

async function once(url, preset) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'podscape-lh-'));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromeFlags: FLAGS,
    userDataDir,
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    }, preset === 'desktop' ? desktopConfig : undefined);
    const { categories: c, audits: a } = result.lhr;
    const lcpElement = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet;
    return {
      performance: Math.round(c.performance.score * 100),
      fcp: a['first-contentful-paint'].numericValue,
      lcp: a['largest-contentful-paint'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      si: a['speed-index'].numericValue,
      accessibility: Math.round(c.accessibility.score * 100),
      bestPractices: Math.round(c['best-practices'].score * 100),
      seo: Math.round(c.seo.score * 100),
      lcpElement,
      failed: Object.values(c).flatMap((cat) => cat.id === 'performance' ? [] : cat.auditRefs
        .filter((r) => r.weight > 0 && a[r.id].score !== null && a[r.id].score < 1).map((r) => r.id)),
    };
  } finally {
    await chrome.kill();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor((s.length - 1) / 2)]; };

if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ is missing: run trunk build --release first');
  process.exit(1);
}
const server = await serve();
const url = `http://127.0.0.1:${server.address().port}${SUBPATH}`;
const report = {};
try {
  for (const preset of presets) {
    const all = [];
    for (let i = 0; i < runs; i++) {
      const r = await once(url, preset);
      all.push(r);
      console.log(`${preset} run ${i + 1}: performance ${r.performance}, FCP ${(r.fcp / 1000).toFixed(2)} s, ` +
        `LCP ${(r.lcp / 1000).toFixed(2)} s, TBT ${Math.round(r.tbt)} ms, CLS ${r.cls.toFixed(3)}, ` +
        `SI ${(r.si / 1000).toFixed(2)} s, a11y ${r.accessibility}, best practices ${r.bestPractices}, SEO ${r.seo}`);
      console.log(`  LCP element: ${r.lcpElement ?? '?'}${r.failed.length ? `; failed: ${r.failed.join(', ')}` : ''}`);
    }
    const m = (k) => median(all.map((r) => r[k]));
    report[preset] = { runs: all };
    console.log(`${preset} median of ${runs}: performance ${m('performance')}, LCP ${(m('lcp') / 1000).toFixed(2)} s, ` +
      `TBT ${Math.round(m('tbt'))} ms, CLS ${m('cls').toFixed(3)}, accessibility ${m('accessibility')}, ` +
      `best practices ${m('bestPractices')}, SEO ${m('seo')}` + (compress ? '' : ' (uncompressed)'));
  }
} finally {
  server.close();
}
if (jsonOut) await writeFile(jsonOut, JSON.stringify(report, null, 2));
