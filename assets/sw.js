// Service worker: keeps the app shell so the card opens offline after one online visit.
// Navigations: network first, cached shell when offline. Content-hashed assets (js, wasm,
// css named `name-<hash>.ext`): cache first, they never change. Everything else (icons, the
// manifest, the counter scanner's worker, whose name Trunk cannot hash): network first, so
// a new deploy is picked up, with the cached copy when offline. The API is never cached here: the app keeps its own offline copy of
// the permit in IndexedDB, per holder, and clears it at sign-out.
const CACHE = 'gd-epermit-shell-v1';
const HASHED = /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

// The shell and everything it loads are cached at install, so the very first visit is
// enough for the card to open offline (assets fetched before the worker took control would
// otherwise be missing). The asset names are read from the shell itself.
const SHELL_FILES = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const shell = await fetch('/', { cache: 'no-store' });
    const html = await shell.clone().text();
    const assets = [...html.matchAll(/(?:href|src)="(\/[^"?#]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
    await cache.put('/', shell);
    await cache.addAll([...new Set([...SHELL_FILES.slice(1), ...assets])]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put('/', copy));
          return response;
        })
        .catch(() => caches.match('/')),
    );
    return;
  }
  const keep = (response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((c) => c.put(request, copy));
    }
    return response;
  };
  if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then(keep)));
  } else {
    event.respondWith(fetch(request).then(keep).catch(() => caches.match(request)));
  }
});
