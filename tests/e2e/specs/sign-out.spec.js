// Issue 15: signing out, signing out everywhere and an expired session leave no personal data
// on the phone: no cached permit (of the signed-in person or of anyone they acted for), no
// form draft, no session. Device keys stay, so signing in again needs no new registration.
import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { resetMock, advanceClock, setUpDevice, openCounter, verifyTyped } from './helpers.js';

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

/** The device-key records on this phone: holder → device id. */
function deviceKeys(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('gd-epermit', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('kv');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const store = db.transaction('kv').objectStore('kv');
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => {
        db.close();
        const out = {};
        keys.result.forEach((k, i) => {
          if (String(k).startsWith('device:')) out[String(k).slice('device:'.length)] = values.result[i].deviceId;
        });
        resolve(out);
      };
      values.onerror = () => reject(values.error);
    };
  }));
}

async function signOut(page) {
  await page.goto('/me');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login$/);
}

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

test('signing out forgets the cached permit but keeps the device key, so the code needs no new set-up', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await expect.poll(async () => (await inventory(page)).idbKeys.sort()).toEqual(['device:valid-permit', 'permit:valid-permit']);
  const device = (await deviceKeys(page))['valid-permit'];
  expect(device).toMatch(/^[0-9a-f]{16}$/);

  await signOut(page);
  const after = await inventory(page);
  expect(after.idbKeys).toEqual(['device:valid-permit']);
  expect(personal(after)).toEqual(nothing);
  expect(await deviceKeys(page)).toEqual({ 'valid-permit': device });

  // Signing in again: the same key signs codes at once.
  await signInAs(page, 'valid-permit');
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await expect(page.getByTestId('device-setup')).toHaveCount(0);
  expect(await deviceKeys(page)).toEqual({ 'valid-permit': device });
});

test('on a shared phone each resident has their own device key, and never sees the other one\'s card', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const counter = await openCounter(browser, baseURL, 'staff-police', '广州市公安局天河分局', '林和派出所 1号窗口');
  try {
    // The first resident switches codes on, and signs out.
    await signInAs(page, 'valid-permit');
    await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
    await setUpDevice(page);
    await signOut(page);

    // The second, on the same phone, sees only their own card, and must switch codes on for
    // themselves: the first resident's key is not theirs.
    await signInAs(page, 'endorsement-due');
    await expect(page.getByTestId('permit-card')).toContainText('黄志强');
    await expect(page.getByTestId('device-setup')).toBeVisible();
    await expect(page.getByTestId('permit-code')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('陈晓彤');
    await setUpDevice(page);
    const keys = await deviceKeys(page);
    expect(Object.keys(keys).sort()).toEqual(['endorsement-due', 'valid-permit']);
    expect(keys['endorsement-due']).not.toBe(keys['valid-permit']);
    expect((await inventory(page)).idbKeys.filter((k) => k.startsWith('permit:'))).toEqual(['permit:endorsement-due']);
    // The code on screen is the second resident's.
    const second = await verifyTyped(counter.page, await page.getByTestId('permit-code').getAttribute('data-code'));
    await expect(second).toHaveAttribute('data-outcome', 'accepted');
    await expect(second).toContainText('黄志强');
    await signOut(page);

    // The first comes back: their own key still works, with no set-up, and only their card.
    await signInAs(page, 'valid-permit');
    await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
    await expect(page.getByTestId('device-setup')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText('黄志强');
    expect(await deviceKeys(page)).toEqual(keys);
    const first = await verifyTyped(counter.page, await page.getByTestId('permit-code').getAttribute('data-code'));
    await expect(first).toHaveAttribute('data-outcome', 'accepted');
    await expect(first).toContainText('陈晓彤');
  } finally {
    await counter.close();
  }
});
