// Podscape's service worker: once the playground has been opened, it opens offline too.
//
// .ci/wasm-build fills in BUILD and FILES (this build's content-hashed files, the page, the
// icon). Installing caches them all, so the second module (fetched after the first paint) is
// there even if the learner never needed it online. Files whose name carries a content hash
// never change: served from the cache. The page itself: the network first, the cache offline.
const BUILD = 'dev';
const FILES = [];
const CACHE = `podscape-${BUILD}`;
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  // Older builds' files go: their names are never asked for again.
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('podscape-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      if (HASHED.test(url.pathname)) {
        return (await cache.match(request)) ?? keep(cache, request);
      }
      try {
        return await keep(cache, request);
      } catch (offline) {
        // `?lang=ru`, `?embed`: the same page.
        const hit = await cache.match(request, { ignoreSearch: true });
        if (hit) return hit;
        throw offline;
      }
    }),
  );
});

async function keep(cache, request) {
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}
