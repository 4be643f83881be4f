// The app split per route (issue 18): the first module holds the sign-in page; the signed-in
// shell, the card and every other page are pieces fetched the first time their route opens,
// with a skeleton while they come, and precached by the service worker so they open offline.
import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { resetMock, setUpDevice } from './helpers.js';

// A piece of a page other than the card (the pieces' loader, `wasm-split-<id>.js`, is part
// of the first module, which imports it).
const isPiece = (url) => /\/(split_|chunk_)[^/]*-[0-9a-f]{16}\.wasm$/.test(new URL(url).pathname);

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

// A group's own piece (not a chunk that groups share), by the group's name
// (src/pages/lazy.rs: card, services, account, verify, public).
const pageOf = (path) => path.match(/\/split_([a-z_]+?)_\d+-[0-9a-f]{16}\.wasm$/)?.[1];
const OWN_CONTEXT = { serviceWorkers: 'block', viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

test('a first visit downloads the first module alone, and the card\'s pieces once the visitor starts signing in', async ({ browser, baseURL }) => {
  // No service worker: it would fetch every piece in the background to precache them.
  const context = await browser.newContext({ baseURL, ...OWN_CONTEXT });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => { if (isPiece(r.url())) fetched.push(new URL(r.url()).pathname); });
  // Every piece is held back: the sign-in page must show without any.
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route((url) => isPiece(url.href), async (route) => {
    await released;
    await route.continue();
  });
  // `/` is a signed-in page: a visitor with no session is sent to sign-in before any piece loads.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('persona').first()).toBeVisible();
  await expect(page.getByTestId('request-otp')).toBeVisible();
  expect(fetched, 'a visitor who only looks downloads no piece').toEqual([]);
  // Starting to sign in (here a touch on the page) asks for the card's group (the shell and
  // the card), no other.
  await page.locator('.login-page').dispatchEvent('pointerdown');
  await expect.poll(() => fetched.map(pageOf).filter(Boolean)).toEqual(['card']);
  release();

  await page.locator('[data-testid=persona][data-label="valid-permit"]').click();
  await expect(page).toHaveURL(/\/card$/);
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
  expect(fetched.map(pageOf).filter(Boolean), 'the card needed no piece beyond those').toEqual(['card']);
  await context.close();
});

test('a returning holder\'s card loads the card\'s group alone, in few requests', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, ...OWN_CONTEXT });
  const page = await context.newPage();
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const fetched = [];
  page.on('request', (r) => { if (isPiece(r.url())) fetched.push(new URL(r.url()).pathname); });
  await page.reload();
  // The app's card (the entry's frame has stepped aside, the tab bar is the app's).
  await expect(page.locator('nav.tab-bar')).toBeVisible();
  await expect(page.locator('#card-entry')).toHaveCount(0);
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  expect(fetched.map(pageOf).filter(Boolean)).toEqual(['card']);
  // The chunks the card shares with other groups: 127 files when every page was a module.
  expect(fetched.length, `${fetched}`).toBeLessThanOrEqual(20);

  await page.locator('nav.tab-bar a').nth(1).click();
  await expect(page.getByTestId('services')).toContainText('申领电子居住证');
  expect(fetched.map(pageOf), `opening 办事 fetched its group: ${fetched}`).toContain('services');
  // Every 办事 flow is in that group: opening one fetches no file at all.
  const before = fetched.length;
  await page.locator('a[href="/services/photo"]').click();
  await expect(page).toHaveURL(/\/services\/photo$/);
  await expect(page.getByTestId('photo-input')).toBeAttached();
  expect(fetched.slice(before), 'the photo flow came with 办事').toEqual([]);
  await context.close();
});

test('a page whose piece is slow to come shows a skeleton, then the page', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block', viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await signInAs(page, 'valid-permit');
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route((url) => isPiece(url.href) && pageOf(url.pathname) === 'account', async (route) => {
    await held;
    await route.continue();
  });
  await page.locator('nav.tab-bar a').nth(3).click();
  const skeleton = page.getByTestId('route-skeleton');
  await expect(skeleton).toBeVisible();
  await expect(skeleton).toHaveAttribute('aria-busy', 'true');
  await expect(page.getByTestId('profile')).toHaveCount(0);
  release();
  await expect(page.getByTestId('profile')).toContainText('陈晓彤');
  await expect(skeleton).toHaveCount(0);
  await context.close();
});

test('once the card has been open online, other pages open offline from the precache', async ({ page, context }) => {
  // The worker precaches the whole build (the first module and every piece) before it takes
  // control; on a loaded two-core machine that alone has taken over 20 s.
  test.setTimeout(60_000);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  // The service worker has installed (and precached every piece) when it controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // The pages' data cannot come offline; the browser logs each refused request.
  allowConsoleError(page, /ERR_INTERNET_DISCONNECTED/);
  await context.setOffline(true);
  await page.locator('nav.tab-bar a').nth(3).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId('profile')).toBeVisible();
  await page.locator('nav.tab-bar a').nth(1).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByRole('heading', { name: '办事服务' })).toBeVisible();
  await context.setOffline(false);
});
