// Issue 15: signing out, signing out everywhere and an expired session leave no personal data
// on the phone: no cached permit (of the signed-in person or of anyone they acted for), no
// form draft, no session. Device keys stay, so signing in again needs no new registration.
import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { resetMock, advanceClock } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

/** What the phone keeps: local-storage keys and values, IndexedDB keys, Cache Storage URLs. */
async function inventory(page) {
  return page.evaluate(async () => {
    const local = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
    const idbKeys = await new Promise((resolve, reject) => {
      const open = indexedDB.open('gd-epermit', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('kv');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const req = db.transaction('kv').objectStore('kv').getAllKeys();
        req.onsuccess = () => { db.close(); resolve(req.result.map(String)); };
        req.onerror = () => reject(req.error);
      };
    });
    const cached = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) cached.push(req.url);
    }
    return { local, idbKeys, cached };
  });
}

function personal({ local, idbKeys, cached }) {
  return {
    session: Object.keys(local).filter((k) => k.startsWith('permit.session')),
    drafts: Object.keys(local).filter((k) => k.startsWith('permit.draft.')),
    namesInStorage: Object.values(local).filter((v) => /赵丽|赵德福|陈晓彤/.test(v ?? '')),
    permits: idbKeys.filter((k) => k.startsWith('permit:') || k.startsWith('photo-draft:')),
    api: cached.filter((u) => new URL(u).pathname.startsWith('/api/')),
  };
}

const nothing = { session: [], drafts: [], namesInStorage: [], permits: [], api: [] };

test('signing out while acting for a family member leaves no personal data on the phone', async ({ page }) => {
  await signInAs(page, 'guardian-zhao');
  await expect(page.getByTestId('permit-card')).toContainText('赵丽');
  await page.goto('/me');
  await page.getByTestId('act-for-elderly').click();
  await expect(page).toHaveURL(/\/services$/);
  await page.goto('/card');
  await expect(page.getByTestId('permit-card')).toContainText('赵德福');
  await page.goto('/services/registration');
  await page.locator('input[name=street]').fill('北京路步行街58号');

  // Before: the test sees what it is looking for.
  await expect.poll(async () => personal(await inventory(page)).permits.sort()).toEqual(['permit:elderly', 'permit:guardian-zhao']);
  let before = personal(await inventory(page));
  expect(before.session).toHaveLength(1);
  expect(before.drafts.length).toBeGreaterThan(0);

  await page.goto('/me');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login$/);
  expect(personal(await inventory(page))).toEqual(nothing);
  // A reload finds nobody signed in and nothing to show.
  await page.goto('/card');
  await expect(page).toHaveURL(/\/login$/);
});

test('signing out everywhere ends the session on the other phone too, which forgets its data', async ({ page, browser, baseURL }) => {
  // This phone's session ends too: a request already under way (the inbox hearing of the
  // 已退出所有设备 message) may meet a 401, which signs it out like any other.
  allowConsoleError(page, /status of 401/);
  await signInAs(page, 'valid-permit');
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
  const otherContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  try {
    const other = await otherContext.newPage();
    await signInAs(other, 'valid-permit');
    await expect(other.getByTestId('permit-card')).toContainText('陈晓彤');
    await expect.poll(async () => personal(await inventory(other)).permits).toEqual(['permit:valid-permit']);

    await page.goto('/me');
    await expect(page.getByTestId('sign-out-everywhere')).toHaveText('退出所有设备');
    await page.getByTestId('sign-out-everywhere').click();
    await expect(page).toHaveURL(/\/login$/);
    expect(personal(await inventory(page))).toEqual(nothing);

    // The other phone learns at its next request, whatever the page.
    await other.goto('/card/history');
    await expect(other).toHaveURL(/\/login$/);
    await expect.poll(async () => personal(await inventory(other))).toEqual(nothing);
  } finally {
    await otherContext.close();
  }
});

test('a session that expired on the backend signs the phone out and forgets its data', async ({ page, request }) => {
  allowConsoleError(page, /status of 401/);
  await signInAs(page, 'valid-permit');
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
  await expect.poll(async () => personal(await inventory(page)).permits).toEqual(['permit:valid-permit']);
  await advanceClock(request, 31 * 24 * 3600 * 1000);
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(async () => personal(await inventory(page))).toEqual(nothing);
});
