// The card entry (issue 18, docs/card-entry.md): a returning holder's card and code shown by
// a small module before the app has loaded, then the app takes over; everyone else gets the
// app straight away. The service worker is blocked so that every request is seen here.
import { test, expect, signInAs } from './fixtures.js';
import { readQr, resetMock, setUpDevice } from './helpers.js';

test.use({ serviceWorkers: 'block' });

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

const isEntry = (url) => /\/permit-card-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(new URL(url).pathname);
const isAppWasm = (url) => /\/permit-app-[0-9a-f]{16}_bg\.wasm$/.test(new URL(url).pathname);

/** Records on the page whether the entry's frame was ever put on it. */
async function watchForEntryFrame(page) {
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.getElementById('card-entry')) window.__entryShown = true;
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Holds the app's wasm until `release()` is called. */
async function holdApp(page) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  const asked = [];
  await page.route((url) => isAppWasm(url.href), async (route) => {
    asked.push(route.request().url());
    await released;
    await route.continue();
  });
  return { release, asked };
}

test('a returning holder\'s code shows before the app has loaded, and the app takes over', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const app = await holdApp(page);
  await page.reload();

  const frame = page.locator('#card-entry');
  const code = frame.getByTestId('permit-code');
  await expect(code).toHaveAttribute('data-code', /^GDJZZ:/);
  const entryCode = await code.getAttribute('data-code');
  expect(await readQr(code)).toBe(entryCode);
  await expect(frame.getByTestId('permit-card')).toContainText('陈晓彤');
  await expect(frame.getByTestId('id-number')).toContainText('*');
  await expect(frame.getByTestId('live-clock')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(await page.evaluate(() => performance.getEntriesByName('code-visible').length)).toBe(1);
  // The app was not asked for before the code showed; the tab bar is the app's.
  await expect(page.locator('nav.tab-bar')).toBeHidden();

  app.release();
  await expect(frame).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator('nav.tab-bar')).toBeVisible();
  expect(app.asked).toHaveLength(1);
  const appCode = page.getByTestId('permit-code');
  await expect(appCode).toHaveAttribute('data-code', /^GDJZZ:/);
  // The app's first code is its own and newer: a counter may have read the entry's.
  expect(await appCode.getAttribute('data-code')).not.toBe(entryCode);
  await expect(page.getByTestId('counter-mode')).toBeVisible();
});

test('the card\'s three requests are answered while the entry itself is still downloading, and the photo follows the code', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const cardPaths = ['/api/v1/permit', '/api/v1/code-policy', '/api/v1/devices/current'];
  // The photo is asked for only once the code shows: its bytes would delay the code's.
  let codeShownWhenPhotoAsked = null;
  await page.route((url) => url.pathname === '/api/v1/permit/photo', async (route) => {
    codeShownWhenPhotoAsked = await page.evaluate(() => performance.getEntriesByName('code-visible').length > 0);
    await route.continue();
  });
  const asked = new Set();
  let allAsked;
  const everyRequestSent = new Promise((resolve) => { allAsked = resolve; });
  await page.route((url) => cardPaths.includes(url.pathname), async (route) => {
    expect(route.request().headers().authorization).toMatch(/^Bearer \S+$/);
    asked.add(new URL(route.request().url()).pathname);
    if (asked.size === cardPaths.length) allAsked();
    await route.continue();
  });
  // The entry's wasm is held until all three have been sent: were they sent by the entry
  // itself, the page would wait here for ever and show no code.
  let wasmHeldUntilAsked = false;
  await page.route((url) => /\/permit-card-[0-9a-f]{16}_bg\.wasm$/.test(url.pathname), async (route) => {
    await everyRequestSent;
    wasmHeldUntilAsked = true;
    await route.continue();
  });
  const app = await holdApp(page);
  await page.reload();
  const frame = page.locator('#card-entry');
  await expect(frame.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  expect(wasmHeldUntilAsked).toBe(true);
  expect([...asked].sort()).toEqual([...cardPaths].sort());
  // The photo follows the code onto the entry's card.
  const photo = frame.locator('.permit-photo img');
  await expect(photo).toHaveAttribute('src', /^blob:/);
  await expect(photo).toHaveJSProperty('complete', true);
  expect(await photo.evaluate((img) => img.naturalWidth)).toBeGreaterThan(0);
  expect(codeShownWhenPhotoAsked).toBe(true);
  app.release();
});

test('a tap on the entry\'s card shows the number in full, and the card hides when the page is left', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await holdApp(page);
  await page.reload();
  const frame = page.locator('#card-entry');
  await expect(frame.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await frame.getByTestId('reveal').click();
  await expect(frame.getByTestId('id-number')).not.toContainText('*');
  await page.evaluate(() => window.dispatchEvent(new Event('blur')));
  await expect(frame.locator('.live-card')).toHaveClass(/concealed/);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(frame.locator('.live-card')).not.toHaveClass(/concealed/);
});

test('the entry speaks the holder\'s language and size', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await page.evaluate(() => {
    localStorage.setItem('permit.locale', 'en');
    localStorage.setItem('permit.elder', 'on');
  });
  await holdApp(page);
  await page.reload();
  const frame = page.locator('#card-entry');
  await expect(frame.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await expect(frame.locator('h1')).toHaveText('Electronic Residence Permit');
  await expect(frame.getByTestId('permit-status')).toHaveText('Valid');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('data-elder', '');
  // The permit's values stay the official Chinese record.
  await expect(frame.locator('.permit-name')).toHaveText('陈晓彤');
});

for (const [what, label, setUp] of [
  ['with no key on this phone yet', 'valid-permit', false],
  ['for a permit whose endorsement is due (its banner is the app\'s)', 'endorsement-due', true],
]) {
  test(`the entry steps aside ${what}`, async ({ page }) => {
    await signInAs(page, label);
    if (setUp) await setUpDevice(page);
    await watchForEntryFrame(page);
    const entryAsked = page.waitForRequest((r) => isEntry(r.url()));
    await page.reload();
    await entryAsked;
    if (setUp) {
      await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
      await expect(page.getByTestId('status-banner')).toBeVisible();
    } else {
      await expect(page.getByTestId('device-setup')).toBeVisible();
    }
    expect(await page.evaluate(() => window.__entryShown ?? false)).toBe(false);
  });
}

/** Collects the paths of the entry's files the page asks for. */
function entryRequests(page) {
  const asked = [];
  page.on('request', (r) => { if (isEntry(r.url())) asked.push(new URL(r.url()).pathname); });
  return asked;
}

test('a first visit and counter staff never load the entry', async ({ page }) => {
  const asked = entryRequests(page);
  await page.goto('/login');
  await expect(page.getByTestId('persona').first()).toBeVisible();
  await signInAs(page, 'staff-hospital');
  await page.goto('/card');
  await expect(page).toHaveURL(/\/verify$/);
  expect(asked).toEqual([]);
});

test('a resident opening any page but the card gets the app straight away', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const asked = entryRequests(page);
  await page.goto('/services');
  await expect(page.locator('nav.tab-bar')).toBeVisible();
  await page.goto('/me');
  await expect(page.locator('nav.tab-bar')).toBeVisible();
  expect(asked).toEqual([]);
});

test('the entry is off the page once the holder moves on, and the app never stays hidden', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await page.reload();
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await expect(page.locator('#card-entry')).toHaveCount(0);
  await page.locator('nav.tab-bar a[href="/services"]').click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.locator('#card-entry')).toHaveCount(0);
});

test('a stored session that is not JSON loads no entry and signs in afresh', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const asked = entryRequests(page);
  await page.evaluate(() => localStorage.setItem('permit.session.v1', '{"token": "abc", "user": '));
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);
  expect(asked).toEqual([]);
});
