// The counter verifier: staff scan the holder's live card through a camera, every verdict is
// explained, and the holder sees who checked.
import { writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { test, expect, signInAs } from './fixtures.js';
import { chromiumArgs } from '../playwright.config.js';
import { setUpDevice, choosePost, verifyTyped, openCounter, advanceClock, resetMock, setFault } from './helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

test('a counter scans the live card with its camera; the holder gets a toast and a history line', async ({ page, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const code = page.getByTestId('permit-code');
  await code.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  // The moment the toast naming the counter appears, by the holder's own clock.
  await page.evaluate(() => {
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid=toast]')?.textContent.includes('门诊挂号处 6号窗口')) {
        window.__toastAt = Date.now();
        seen.disconnect();
      }
    });
    seen.observe(document.body, { childList: true, subtree: true, characterData: true });
  });

  // Chromium's fake camera plays an MJPEG file: a "video" of the holder's screen.
  const video = testInfo.outputPath('holder-screen.mjpeg');
  await writeFile(video, await page.screenshot({ type: 'jpeg', quality: 90 }));
  const counterBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const counter = await counterBrowser.newPage({
      baseURL, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    });
    await counter.context().grantPermissions(['camera'], { origin: baseURL });
    await signInAs(counter, 'staff-hospital');
    const accepted = counter.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/verifications' && r.status() === 200);
    await choosePost(counter, '深圳市南山区人民医院', '门诊挂号处 6号窗口');

    const verdict = counter.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-outcome', 'accepted', { timeout: 15_000 });
    await expect(verdict).toContainText('核验通过');
    await expect(verdict).toContainText('陈晓彤');
    await expect(verdict.getByTestId('id-number')).toHaveText(/^\d{17}[\dX]$/);
    await expect(verdict.locator('.permit-photo img')).toHaveJSProperty('complete', true);
    expect(await verdict.locator('.permit-photo img').evaluate((img) => img.naturalWidth)).toBeGreaterThan(0);

    // The holder hears of it within 1.5 s of the reading (the backend's time of the check,
    // on this machine's clock: the test does not move the mock's clock), and the reading is
    // in their history.
    const { checked_at_ms: checkedAt } = await (await accepted).json();
    await expect(page.getByTestId('toast')).toContainText('深圳市南山区人民医院 门诊挂号处 6号窗口');
    const toastAt = await page.evaluate(() => window.__toastAt);
    expect(toastAt - checkedAt, 'from the reading to the toast, ms').toBeLessThanOrEqual(1_500);
    await page.getByTestId('history-link').click();
    const first = page.getByTestId('history-item').first();
    await expect(first).toContainText('门诊挂号处 6号窗口');
    await expect(first).toHaveAttribute('data-accepted', 'true');

    // The post is remembered: the next visit goes straight to the scanner.
    await counter.reload();
    await expect(counter.getByTestId('post-line')).toContainText('门诊挂号处 6号窗口');
  } finally {
    await counterBrowser.close();
  }
});

test('every rejection is explained at the counter in plain words', async ({ page, browser, request }) => {
  test.setTimeout(90_000);
  const holder = await browser.newPage();
  await signInAs(holder, 'valid-permit');
  await setUpDevice(holder);
  const liveCode = () => holder.getByTestId('permit-code').getAttribute('data-code');

  await signInAs(page, 'staff-police');
  await choosePost(page, '广州市公安局天河分局', '林和派出所 1号窗口');

  const expectRule = async (code, rule, words) => {
    const verdict = await verifyTyped(page, code);
    await expect(verdict).toHaveAttribute('data-outcome', 'rejected');
    await expect(verdict).toHaveAttribute('data-rule', rule);
    await expect(verdict.getByTestId('verdict-why')).toContainText(words);
  };

  await expectRule('https://example.com/pay?x=1', 'Malformed', '不是电子居住证的动态码');

  // Replay: the same code twice.
  const code = await liveCode();
  await expect(await verifyTyped(page, code)).toHaveAttribute('data-outcome', 'accepted');
  await expectRule(code, 'AlreadyUsed', '可能是截图');

  // Tampered: one character changed.
  await expect(holder.getByTestId('permit-code')).not.toHaveAttribute('data-code', code);
  const fresh = await liveCode();
  const tampered = fresh.slice(0, 50) + (fresh[50] === 'A' ? 'B' : 'A') + fresh.slice(51);
  await expectRule(tampered, 'Forged', '伪造');

  // Clock advanced past the validity window: a screenshot kept for later.
  await advanceClock(request, 65_000);
  await expectRule(fresh, 'Expired', '截图或打印件');

  // Revoked device: the holder switched the permit on on a new phone.
  await expect(holder.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
  const oldPhone = await liveCode();
  const newPhone = await browser.newPage();
  await signInAs(newPhone, 'valid-permit');
  await setUpDevice(newPhone);
  await expectRule(oldPhone, 'DeviceRevoked', '当前启用的手机');

  // Cancelled: a genuine code, but the holder cancelled the permit.
  const current = await newPhone.getByTestId('permit-code').getAttribute('data-code');
  await newPhone.goto('/services/cancel');
  await newPhone.getByTestId('cancel-understood').check();
  await newPhone.getByTestId('cancel-next').click();
  await newPhone.getByTestId('cancel-confirm').click();
  await expect(newPhone.getByTestId('cancel-done')).toBeVisible();
  await expectRule(current, 'PermitCancelled', '已注销');

  // Suspended: a genuine code from a permit that was not endorsed in time.
  const suspended = await browser.newPage();
  await signInAs(suspended, 'suspended');
  await setUpDevice(suspended);
  await expectRule(await suspended.getByTestId('permit-code').getAttribute('data-code'), 'PermitSuspended', '未按时签注');
  await expect(page.getByTestId('verdict')).toContainText('李美玲');

  // The holder's history names each reading of their codes: accepted, used, expired, old
  // phone, cancelled (a forgery names no one).
  await holder.goto('/card/history');
  await expect(holder.getByTestId('history-item')).toHaveCount(5);
  await expect(holder.getByTestId('history')).toContainText('动态码已被使用');
  await expect(holder.getByTestId('history')).toContainText('林和派出所 1号窗口');
});

test('a picture of the code is read when there is no camera, and a picture without one says so', async ({ page }, testInfo) => {
  const holder = page;
  await signInAs(holder, 'elderly');
  await setUpDevice(holder);
  const code = holder.getByTestId('permit-code');
  await code.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const picture = testInfo.outputPath('code.png');
  await writeFile(picture, await code.screenshot());
  const blank = testInfo.outputPath('blank.png');
  await writeFile(blank, await holder.getByTestId('live-clock').screenshot());

  const counter = await page.context().browser().newPage();
  await signInAs(counter, 'staff-school');
  await choosePost(counter, '佛山市顺德区教育局', '学籍管理窗口');
  await counter.getByTestId('scan-picture').setInputFiles(blank);
  await expect(counter.getByTestId('picture-no-code')).toBeVisible();
  await counter.getByTestId('scan-picture').setInputFiles(picture);
  await expect(counter.getByTestId('verdict')).toHaveAttribute('data-outcome', 'accepted');
});

test('a scan retried after its answer was lost shows the first verdict, not "already used"', async ({ page, browser, baseURL, request }) => {
  test.setTimeout(60_000);
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  const counter = await openCounter(browser, baseURL, 'staff-police', '广州市公安局天河分局', '林和派出所 1号窗口');
  try {
    const code = await page.getByTestId('permit-code').getAttribute('data-code');
    const posted = [];
    counter.page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/verifications') posted.push(r);
    });
    // The backend takes the reading, and the connection drops before the answer arrives.
    await setFault(request, 'verify', { drop_rate: 1 });
    await counter.page.locator('input[name=code]').fill(code);
    await counter.page.locator('input[name=code]').press('Enter');
    await expect(counter.page.getByTestId('verify-retry')).toBeVisible();
    await expect(counter.page.getByRole('alert')).toContainText('网络连接失败');
    await expect(counter.page.getByTestId('verdict')).toHaveCount(0);
    // It was read: the holder is told, and the code is used up.
    await expect(page.getByTestId('toast')).toContainText('林和派出所 1号窗口');

    await setFault(request, 'verify', {});
    const [answer] = await Promise.all([
      counter.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/verifications'),
      counter.page.getByTestId('verify-retry').click(),
    ]);
    const verdict = counter.page.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-outcome', 'accepted');
    await expect(verdict).toContainText('陈晓彤');
    // The same reading asked about again (same code, same idempotency key), answered from
    // the first; not a second reading.
    expect(answer.status()).toBe(200);
    expect(answer.headers()['idempotent-replayed']).toBe('true');
    expect(posted).toHaveLength(2);
    expect(posted[1].postDataJSON()).toEqual(posted[0].postDataJSON());
    expect(posted[1].headers()['idempotency-key']).toBeTruthy();
    expect(posted[1].headers()['idempotency-key']).toBe(posted[0].headers()['idempotency-key']);

    // A new scan of the same code is a new reading, and that one is refused as used.
    await expect(await verifyTyped(counter.page, code)).toHaveAttribute('data-rule', 'AlreadyUsed');
    await page.goto('/card/history');
    await expect(page.getByTestId('history-item')).toHaveCount(2);
    await expect(page.getByTestId('history-item').nth(0)).toHaveAttribute('data-accepted', 'false');
    await expect(page.getByTestId('history-item').nth(1)).toHaveAttribute('data-accepted', 'true');
  } finally {
    await counter.close();
  }
});
