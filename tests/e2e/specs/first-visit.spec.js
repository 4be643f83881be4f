// A first visit (issue 18): with no session, the page's boot script sends the sign-in page's
// one request (the demo personas) before the app has loaded, and the app takes that answer
// instead of asking again; should the early request fail, the app asks itself.
import { test, expect, allowConsoleError } from './fixtures.js';
import { resetMock } from './helpers.js';

test.use({ serviceWorkers: 'block' });

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

const isAppWasm = (url) => /\/permit-app-[0-9a-f]{16}_bg\.wasm$/.test(new URL(url).pathname);
const isPersonas = (url) => new URL(url).pathname === '/api/v1/personas';

test('the sign-in page\'s request is answered while the app is still downloading, and asked once', async ({ page }) => {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route((url) => isAppWasm(url.href), async (route) => {
    await released;
    await route.continue();
  });
  const personas = [];
  page.on('response', (r) => { if (isPersonas(r.url())) personas.push(r.status()); });

  await page.goto('/');
  // The app's wasm is held: the request was sent, and answered, by the page alone.
  await expect.poll(() => personas).toEqual([200]);
  await expect(page.getByTestId('persona')).toHaveCount(0);

  release();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('persona').first()).toBeVisible();
  await expect(page.locator('[data-testid=persona][data-label="valid-permit"]')).toBeVisible();
  expect(personas, 'the app took the early answer instead of asking again').toHaveLength(1);
});

test('an early request that fails is asked again by the app', async ({ page }) => {
  allowConsoleError(page, /Failed to load resource/);
  let calls = 0;
  await page.route((url) => isPersonas(url.href), async (route) => {
    calls += 1;
    if (calls === 1) await route.abort('connectionreset');
    else await route.continue();
  });
  await page.goto('/login');
  await expect(page.getByTestId('persona').first()).toBeVisible();
  expect(calls).toBe(2);
});

test('a demo list that cannot be fetched says so in the visitor\'s language, keeps the phone form, and the retry lists it', async ({ page }) => {
  allowConsoleError(page, /Failed to load resource/);
  let down = true;
  let calls = 0;
  await page.route((url) => isPersonas(url.href), async (route) => {
    calls += 1;
    if (down) await route.abort('connectionrefused');
    else await route.continue();
  });
  for (const [locale, words] of [['zh', '网络连接失败'], ['en', 'No connection']]) {
    await page.goto('/login');
    await page.evaluate((l) => localStorage.setItem('permit.locale', l), locale);
    await page.reload();
    const failed = page.getByTestId('personas-failed');
    await expect(failed.getByRole('alert')).toContainText(words);
    await expect(page.getByTestId('request-otp')).toBeVisible();
    await expect(page.getByTestId('persona')).toHaveCount(0);
  }
  // What was typed in the form meanwhile stays through the retry.
  await page.locator('input[name=phone]').fill('13800000001');
  down = false;
  const before = calls;
  await page.getByTestId('personas-retry').click();
  await expect(page.locator('[data-testid=persona][data-label="valid-permit"]')).toBeVisible();
  await expect(page.getByTestId('personas-failed')).toHaveCount(0);
  await expect(page.locator('input[name=phone]')).toHaveValue('13800000001');
  expect(calls - before, 'one request for one retry').toBe(1);
});

test('a signed-in visitor\'s page sends no sign-in request', async ({ page }) => {
  await page.goto('/login');
  await page.locator('[data-testid=persona][data-label="valid-permit"]').click();
  await expect(page).toHaveURL(/\/card$/);
  const personas = [];
  page.on('request', (r) => { if (isPersonas(r.url())) personas.push(r.url()); });
  await page.reload();
  await expect(page.locator('nav.tab-bar')).toBeVisible();
  expect(personas).toEqual([]);
});
