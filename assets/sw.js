// Service worker: keeps this build of the app so the card opens offline after one online
// visit, and makes updates safe.
//
// One build per worker. `cargo xtask dist` stamps BUILD and PRECACHE (the shell and every
// content-hashed file the page loads), so each deploy is a new worker with its own cache.
// The page is always served from its worker's cache, so a page never mixes two builds. A
// new worker installs in the background and waits; the app offers the update and, when
// the resident accepts, posts 'skip-waiting'. Otherwise it takes over only once no page of
// the old build is open (the browser's rule), so a permit being shown at a counter is never
// reloaded under the holder.
//
// The API is never cached here: the app keeps its own offline copy of the permit in
// IndexedDB, per holder, and clears it at sign-out.
const BUILD = 'unbuilt';
const PRECACHE = ['/'];
const CACHE = `gd-epermit-${BUILD}`;
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', (event) => {
  // `reload`: straight from the server, not from a stale HTTP cache entry.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const keep = (request) => (response) => {
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((c) => c.put(request, copy));
  }
  return response;
};

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    // Every route is the one shell of this build.
    event.respondWith(caches.match('/', { cacheName: CACHE }).then((hit) => hit || fetch(request)));
  } else if (HASHED.test(url.pathname)) {
    // Never changes; files not precached (the counter scanner) are kept when first used.
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request).then(keep(request))));
  } else {
    // Icons and the manifest: fresh when online, the kept copy when not.
    event.respondWith(fetch(request).then(keep(request)).catch(() => caches.match(request, { cacheName: CACHE })));
  }
});
