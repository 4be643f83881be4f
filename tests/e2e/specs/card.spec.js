import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { setUpDevice, readQr, openCounter, verifyTyped, advanceClock, resetMock, setCodePolicy } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

test('the code on screen decodes, verifies once at the counter, then is refused as used, forged or expired', async ({ page, browser, baseURL, request }) => {
  test.setTimeout(60_000);
  await signInAs(page, 'valid-permit');
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
  await setUpDevice(page);
  const counter = await openCounter(browser, baseURL, 'staff-police', '广州市公安局天河分局', '林和派出所 1号窗口');
  try {
    const code = await readQr(page.getByTestId('permit-code'));
    expect(code).toMatch(/^GDJZZ:[A-Z2-7]{130}$/);
    expect(code).toBe(await page.getByTestId('permit-code').getAttribute('data-code'));

    // What the camera read, typed in at the counter as a handheld scanner does.
    const first = await verifyTyped(counter.page, code);
    await expect(first).toHaveAttribute('data-outcome', 'accepted');
    await expect(first).toContainText('陈晓彤');
    const again = await verifyTyped(counter.page, code);
    await expect(again).toHaveAttribute('data-outcome', 'rejected');
    await expect(again).toHaveAttribute('data-rule', 'AlreadyUsed');

    // The holder hears of it at once and gets a new code.
    await expect(page.getByTestId('toast')).toContainText('广州市公安局天河分局 林和派出所 1号窗口');
    await expect(page.getByTestId('permit-code')).not.toHaveAttribute('data-code', code);
    const next = await readQr(page.getByTestId('permit-code'));
    expect(next).not.toBe(code);

    const tampered = next.slice(0, 40) + (next[40] === 'A' ? 'B' : 'A') + next.slice(41);
    await expect(await verifyTyped(counter.page, tampered)).toHaveAttribute('data-rule', 'Forged');

    // Validity is 60 s after the code's issue time; the new code may be dated a second ahead.
    await advanceClock(request, 65_000);
    await expect(await verifyTyped(counter.page, next)).toHaveAttribute('data-rule', 'Expired');
  } finally {
    await counter.close();
  }
});

test('the card shows every field masked, reveals on tap and masks again 10 s after the last tap, not before', async ({ page }) => {
  // The page's clock is Playwright's, so "10 s" is measured exactly, however loaded the machine.
  await page.clock.install();
  await signInAs(page, 'valid-permit');
  const card = page.getByTestId('permit-card');
  for (const label of ['姓名', '性别', '民族', '出生日期', '公民身份号码', '户籍地址', '居住地址', '签发机关', '签发日期', '有效期限']) {
    await expect(card).toContainText(label);
  }
  const id = page.getByTestId('id-number');
  const masked = /^430524\*{8}\d{3}[\dX]$/;
  const full = /^430524\d{11}[\dX]$/;
  await expect(id).toHaveText(masked);
  await expect(card.locator('.permit-photo img')).toHaveJSProperty('naturalWidth', 358);
  // From here on the page's time moves only when the test moves it.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  await id.click();
  await expect(id).toHaveText(full);
  await page.clock.runFor(9_900);
  await expect(id).toHaveText(full);
  await page.clock.runFor(200);
  await expect(id).toHaveText(masked);

  // A second tap while shown counts its 10 s from that tap, not from the first one.
  await id.click();
  await page.clock.runFor(6_000);
  await id.click();
  await page.clock.runFor(9_900);
  await expect(id).toHaveText(full);
  await page.clock.runFor(200);
  await expect(id).toHaveText(masked);
});

test('the card blanks when the page loses focus or is hidden, and printing shows a notice', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const live = page.locator('.live-card');
  await expect(page.getByTestId('conceal-cover')).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event('blur')));
  await expect(live).toHaveClass(/concealed/);
  await expect(page.getByTestId('conceal-cover')).toBeVisible();
  await expect(page.getByTestId('permit-code')).toBeHidden();
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(live).not.toHaveClass(/concealed/);

  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(live).toHaveClass(/concealed/);

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print-notice')).toBeVisible();
  await expect(live).toBeHidden();
});

test('long-press menus and dragging are disabled on the card', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const prevented = await page.getByTestId('permit-code').evaluate((el) => {
    const menu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    el.dispatchEvent(menu);
    const drag = new DragEvent('dragstart', { bubbles: true, cancelable: true });
    el.dispatchEvent(drag);
    return [menu.defaultPrevented, drag.defaultPrevented];
  });
  expect(prevented).toEqual([true, true]);
  const style = await page.locator('.live-card').evaluate((el) => getComputedStyle(el).userSelect);
  expect(style).toBe('none');
});

test('the device key survives a reload, counter mode turns the code, and the self-test passes', async ({ page, browser, baseURL }) => {
  test.setTimeout(60_000);
  await signInAs(page, 'endorsement-due');
  await expect(page.getByTestId('status-banner')).toContainText('10天');
  await setUpDevice(page);
  await page.reload();
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await expect(page.getByTestId('device-setup')).toHaveCount(0);

  const counter = await openCounter(browser, baseURL, 'staff-hospital', '深圳市南山区人民医院', '门诊挂号处 6号窗口');
  try {
    const [sent] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/verifications/self-test'),
      page.getByTestId('self-test').click(),
    ]);
    const tested = sent.postDataJSON().code;
    expect(tested).toMatch(/^GDJZZ:/);
    await expect(page.getByTestId('self-test-result')).toContainText('检测通过');
    // The self-test did not use the code up: the counter accepts that same code.
    const verdict = await verifyTyped(counter.page, tested);
    await expect(verdict).toHaveAttribute('data-outcome', 'accepted');
    await expect(verdict).toContainText('黄志强');
  } finally {
    await counter.close();
  }

  await page.getByTestId('counter-mode').click();
  const overlay = page.getByTestId('counter-overlay');
  await expect(overlay).toBeVisible();
  const big = await readQr(page.getByTestId('counter-code'));
  expect(big).toMatch(/^GDJZZ:/);
  await page.getByTestId('turn-display').click();
  await expect(overlay).toHaveClass(/turned/);
  await page.getByTestId('counter-close').click();
  await expect(overlay).toBeHidden();
});

test.describe('the card\'s three questions', () => {
  // A page the service worker controls sends its fetches through the worker, and Playwright's
  // page.route does not see requests a worker handled (even ones it passes on to the network),
  // so whether the route saw them depended on whether the worker had taken over yet.
  test.use({ serviceWorkers: 'block' });

  test('the card asks for its permit, photo and code policy at once, not one after another', async ({ page }) => {
    await signInAs(page, 'valid-permit');
    await expect(page.getByTestId('permit-card')).toBeVisible();
    await page.goto('/me');
    // Each answer is held until all three questions are in flight: asked one after another,
    // the second is never asked and the card never shows.
    const paths = ['/api/v1/permit', '/api/v1/permit/photo', '/api/v1/code-policy'];
    const waiting = new Map();
    let release;
    const allAsked = new Promise((resolve) => { release = resolve; });
    for (const path of paths) {
      await page.route((url) => url.pathname === path, async (route) => {
        waiting.set(path, true);
        if (waiting.size === paths.length) release();
        await allAsked;
        await route.continue();
      });
    }
    await page.locator('nav.tab-bar a[href="/card"]').click();
    await expect(page.getByTestId('permit-card')).toContainText('陈晓彤', { timeout: 10_000 });
    expect([...waiting.keys()].sort()).toEqual([...paths].sort());
  });
});

test('a suspended permit says why and is fixed with one tap', async ({ page }) => {
  await signInAs(page, 'suspended');
  await expect(page.getByTestId('permit-status')).toHaveText('已中止');
  await expect(page.getByTestId('status-banner')).toContainText('逾期未签注');
  // The data check passes: endorsing is a confirmation, done at once (FAQ 1 and 14).
  await page.getByTestId('fix-suspension').click();
  await expect(page.getByTestId('permit-status')).toHaveText('有效');
  await expect(page.getByTestId('status-banner')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('permit-status')).toHaveText('有效');
});

test('another device taking over switches this one off with a clear message', async ({ page, browser }) => {
  await signInAs(page, 'elderly');
  await setUpDevice(page);
  const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const second = await other.newPage();
  await signInAs(second, 'elderly');
  await setUpDevice(second);
  await expect(page.getByTestId('device-setup')).toContainText('动态码已在其他设备启用');
  await expect(page.getByTestId('permit-code')).toHaveCount(0);
  await expect(second.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await other.close();
});

test('after one online visit the card and its code work offline, and other pages say so', async ({ page, context }) => {
  allowConsoleError(page, /ERR_INTERNET_DISCONNECTED|Failed to load resource|net::ERR/);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  // One visit is enough: the service worker caches the shell and its assets when it installs.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('permit-card')).toContainText('陈晓彤');
  const code = await readQr(page.getByTestId('permit-code'));
  expect(code).toMatch(/^GDJZZ:/);
  await expect(page.getByTestId('offline-bar')).toHaveCount(0);
  // Elsewhere a line says the phone is offline; never a blank screen.
  await page.locator('nav.tab-bar a').nth(3).click();
  await expect(page.getByTestId('offline-bar')).toBeVisible();
  await expect(page.getByTestId('profile')).toContainText('陈晓彤');
  await context.setOffline(false);
  await expect(page.getByTestId('offline-bar')).toHaveCount(0);
});

test('offline, the card works out its status for today: a permit that lapsed meanwhile is 已中止', async ({ page, context }) => {
  allowConsoleError(page, /ERR_INTERNET_DISCONNECTED|Failed to load resource|net::ERR/);
  // The deadline is nine days away: online the card says an endorsement is due.
  await signInAs(page, 'endorsement-due');
  await setUpDevice(page);
  await expect(page.getByTestId('permit-status')).toHaveText('待签注');
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Eleven days later, with no network: the phone's server-corrected clock has moved on
  // (the offset it keeps is what moves here; the cached permit is from before).
  await page.evaluate(() => {
    const offset = Number(localStorage.getItem('permit.clock_offset_ms') || '0');
    localStorage.setItem('permit.clock_offset_ms', String(offset + 11 * 86_400_000));
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('permit-status')).toHaveText('已中止');
  await expect(page.getByTestId('status-banner')).toContainText('逾期未签注');
  await context.setOffline(false);
});

test('the code rotates on its own at the policy step', async ({ page, request }) => {
  await setCodePolicy(request, { step_s: 2, validity_s: 4, future_skew_s: 2 });
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const code = page.getByTestId('permit-code');
  const first = await code.getAttribute('data-code');
  await expect(code).not.toHaveAttribute('data-code', first, { timeout: 5_000 });
  const second = await code.getAttribute('data-code');
  await expect(code).not.toHaveAttribute('data-code', second, { timeout: 5_000 });
});

test('the card asks the host app to protect the screen while it shows, and to stop when left', async ({ page }) => {
  // A host app's bridge (Android FLAG_SECURE, iOS capture hiding), as the app finds it.
  await page.addInitScript(() => {
    window.__screenProtected = [];
    window.GDPermitHost = { setScreenProtected: (on) => { window.__screenProtected.push(on); } };
  });
  const calls = () => page.evaluate(() => window.__screenProtected);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await expect.poll(calls).toEqual([true]);
  // Another tab: the card is gone, and so is the protection.
  await page.locator('nav.tab-bar a').nth(3).click();
  await expect(page.getByTestId('profile')).toBeVisible();
  await expect.poll(calls).toEqual([true, false]);
  // Back to the card: protected again.
  await page.locator('nav.tab-bar a').nth(0).click();
  await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  await expect.poll(calls).toEqual([true, false, true]);
  // Pages that are not the card never ask for it.
  await page.goto('/services');
  await expect(page.getByTestId('services')).toBeVisible();
  expect(await calls()).toEqual([]);
});

/** What moves on the live card, read from the page: the watermark layer's offset and colour,
 * the shimmer's offset and opacity, and the text of the watermark and the clock. */
const deterrents = (page) => page.evaluate(() => {
  const layer = getComputedStyle(document.querySelector('.watermark-layer'));
  const shimmer = getComputedStyle(document.querySelector('.shimmer'));
  return {
    watermarkAt: layer.translate,
    watermarkColour: layer.color,
    watermarkAnimation: layer.animationName,
    shimmerAt: shimmer.transform,
    shimmerOpacity: shimmer.opacity,
    shimmerAnimation: shimmer.animationName,
    watermarkText: document.querySelector('.watermark-layer span').textContent,
    clock: document.querySelector('[data-testid=live-clock]').textContent,
  };
});

test('the deterrents move: the watermark drifts, the shimmer sweeps, the clock and watermark text tick', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const first = await deterrents(page);
  expect(first.watermarkAnimation).toBe('watermark-drift');
  expect(first.shimmerAnimation).toBe('shimmer');
  expect(first.clock).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  // The masked name and the live time, never the full name.
  expect(first.watermarkText).toBe(`陈** ${first.clock}`);
  await expect.poll(async () => (await deterrents(page)).watermarkAt).not.toBe(first.watermarkAt);
  await expect.poll(async () => (await deterrents(page)).shimmerAt).not.toBe(first.shimmerAt);
  await expect.poll(async () => (await deterrents(page)).clock).not.toBe(first.clock);
  const later = await deterrents(page);
  expect(later.watermarkText).toBe(`陈** ${later.clock}`);
});

test('with reduced motion the deterrents pulse in place instead of moving, and the clock still ticks', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const first = await deterrents(page);
  expect(first.watermarkAnimation).toBe('watermark-pulse');
  expect(first.shimmerAnimation).toBe('shimmer-pulse');
  expect(first.shimmerAt).toBe('none');
  // Sample until the pulses and the clock have all changed; nothing moved meanwhile.
  const samples = [first];
  await expect.poll(async () => {
    const now = await deterrents(page);
    samples.push(now);
    return {
      watermarkPulsed: samples.some((s) => s.watermarkColour !== first.watermarkColour),
      shimmerPulsed: samples.some((s) => s.shimmerOpacity !== first.shimmerOpacity),
      clockTicked: samples.some((s) => s.clock !== first.clock),
    };
  }).toEqual({ watermarkPulsed: true, shimmerPulsed: true, clockTicked: true });
  expect(samples.length).toBeGreaterThan(1);
  for (const s of samples) {
    expect(s.watermarkAt).toBe(first.watermarkAt);
    expect(s.shimmerAt).toBe('none');
  }
});

test('in English the labels are English, and the permit values stay in Chinese, marked not to translate', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/me');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('nav.tab-bar a').nth(0).click();
  const card = page.getByTestId('permit-card');
  await card.getByTestId('reveal').click();
  const field = (label) => card.locator('.permit-fields > div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  const official = {
    Name: '陈晓彤',
    Ethnicity: '汉族',
    'Household registration': '湖南省邵阳市隆回县桃洪镇金山路18号',
    Residence: '广东省广州市天河区林和西路161号中泰北塔1203房',
    'Issuing authority': '广州市公安局天河区分局',
  };
  for (const [label, value] of Object.entries(official)) {
    await expect(field(label), label).toHaveText(value);
    await expect(field(label), label).toHaveAttribute('translate', 'no');
  }
  // The rest is in the interface language.
  await expect(field('Sex')).toHaveText('Female');
  await expect(field('Date of birth')).toHaveText('15 Apr 1993');
  await expect(card.getByTestId('permit-status')).toHaveText('Valid');
  for (const label of ['Citizen ID number', 'Issued', 'Permit number', 'Validity']) await expect(card.locator('dt', { hasText: label })).toHaveCount(1);
  await expect(card.locator('dt')).not.toContainText([/[\u3400-\u9fff]/]);
});
