// What the server sends with each kind of file: under `cargo xtask test` this runs through
// nginx with deploy/nginx.conf, and again straight against the mock (which serves the same
// way under `cargo xtask run`).
import { test, expect } from './fixtures.js';

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Every security header, each exactly once (a proxy must not add a second copy). */
function expectSecurityHeaders(res) {
  const all = res.headersArray();
  for (const [name, value] of Object.entries(SECURITY)) {
    const found = all.filter((h) => h.name.toLowerCase() === name);
    expect(found.map((h) => h.value), `${name} on ${res.url()}`).toEqual([value]);
  }
  const permissions = all.filter((h) => h.name.toLowerCase() === 'permissions-policy');
  expect(permissions).toHaveLength(1);
  expect(permissions[0].value).toContain('camera=(self)');
  expect(permissions[0].value).toContain('geolocation=()');
}

/** The page's own asset URLs, read from the HTML (the modules its boot script starts are named
 * in a meta tag) and the app's JS. */
async function assetsOf(request) {
  const html = await (await request.get('/')).text();
  const named = (attr) => html.match(new RegExp(`name="permit-modules"[^>]* ${attr}="([^"]+)"`))[1];
  const worker = html.match(/name="permit-scanner-worker" content="([^"]+)"/)[1];
  const js = named('data-app-js');
  // The routes that load on demand: the pieces' loader, named in the first module's JS, and
  // one piece it names.
  const pieces = '/' + (await (await request.get(js)).text()).match(/"\.\/(wasm-split-[0-9a-f]{16}\.js)"/)[1];
  const piece = '/' + (await (await request.get(pieces)).text()).match(/"\.\/(split_[^"]+-[0-9a-f]{16}\.wasm)"/)[1];
  return {
    cardJs: named('data-card-js'),
    cardWasm: named('data-card-wasm'),
    worker,
    pieces,
    piece,
    css: html.match(/href="(\/main-[0-9a-f]{16}\.css)"/)[1],
    js,
    wasm: named('data-app-wasm'),
  };
}

/** `'sha256-…'` of a script's text, as a Content-Security-Policy names it. */
async function scriptHash(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${Buffer.from(digest).toString('base64')}'`;
}

test('the shell, at any route, is revalidated and carries the strict policy', async ({ request }) => {
  for (const path of ['/', '/card', '/services/apply']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type']).toContain('text/html');
    expect(res.headers()['cache-control']).toBe('no-cache');
    const csp = res.headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    // One inline script, the boot, allowed by its hash and by nothing looser.
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline).toHaveLength(1);
    expect(csp).toContain(`script-src 'self' 'wasm-unsafe-eval' ${await scriptHash(inline[0])};`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expectSecurityHeaders(res);
  }
});

test('content-hashed files are kept for a year, precompressed, with the right types', async ({ request }) => {
  const a = await assetsOf(request);
  for (const [path, type] of [[a.wasm, 'application/wasm'], [a.js, 'javascript'], [a.cardJs, 'javascript'], [a.cardWasm, 'application/wasm'], [a.css, 'text/css'], [a.worker, 'javascript'], [a.pieces, 'javascript'], [a.piece, 'application/wasm']]) {
    const res = await request.get(path, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type'], path).toContain(type);
    expect(res.headers()['cache-control'], path).toBe(IMMUTABLE);
    expect(res.headers()['content-encoding'], path).toBe('br');
    expect(res.headers()['vary'] ?? '', path).toMatch(/accept-encoding/i);
    expectSecurityHeaders(res);
  }
  const gz = await request.get(a.wasm, { headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
});

test('fixed names are revalidated, and a missing hashed file is a 404, never the shell', async ({ request }) => {
  for (const path of ['/sw.js', '/manifest.webmanifest', '/icon-192.png']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['cache-control'], path).toBe('no-cache');
    expectSecurityHeaders(res);
  }
  const sw = await (await request.get('/sw.js')).text();
  expect(sw).toMatch(/const BUILD = '[0-9a-f]{16}';/);
  const missing = await request.get('/permit-app-0000000000000000_bg.wasm');
  expect(missing.status()).toBe(404);
});

test('the API is proxied with its own locked-down policy, never cached, headers once', async ({ request }) => {
  const res = await request.get('/api/v1/health');
  expect(res.status()).toBe(200);
  expect(res.headers()['x-server-time-ms']).toMatch(/^\d{13}$/);
  expect(res.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(res.headers()['cache-control']).toBe('no-store');
  expectSecurityHeaders(res);
  const unknown = await request.get('/api/v1/no-such-thing');
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['content-type']).toContain('application/problem+json');
});
