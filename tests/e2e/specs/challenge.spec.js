// Issue 20, the challenge mode: the counter's screen shows a QR, the holder's phone scans it
// through the camera, shows who asks, signs on one tap, and the counter's screen shows the
// verdict without a click. A relayed answer for another counter is refused there.
import { writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { test, expect, signInAs } from './fixtures.js';
import { chromiumArgs } from '../playwright.config.js';
import { setUpDevice, choosePost, readQr, resetMock } from './helpers.js';

const HOSPITAL = ['深圳市南山区人民医院', '门诊挂号处 6号窗口'];

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

/** The counter, at its post, showing its challenge; returns the QR's text as decoded. */
async function showChallenge(counter) {
  await signInAs(counter, 'staff-hospital');
  // The post setup says a counter without a camera can rely on this mode.
  await expect(counter.getByTestId('post-no-camera')).toContainText('没有摄像头的窗口');
  await choosePost(counter, ...HOSPITAL);
  await counter.getByTestId('mode-show').click();
  const qr = counter.getByTestId('challenge-qr');
  await expect(qr).toHaveAttribute('data-qr', /^GDJZZ-Q:[A-Z2-7]{26}$/);
  await expect(counter.getByTestId('challenge-number')).toHaveText(/^\d{3} \d{3}$/);
  return readQr(qr);
}

/** A holder's phone whose camera sees `picture` (Chromium's fake camera plays it). */
async function phoneSeeing(picture, baseURL, testInfo) {
  const video = testInfo.outputPath(`counter-screen-${Date.now()}.mjpeg`);
  await writeFile(video, picture);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  const phone = await browser.newPage({
    baseURL, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  await phone.context().grantPermissions(['camera'], { origin: baseURL });
  return { phone, close: () => browser.close() };
}

/** A holder's phone, signed in with its device key set up; no camera (the number is typed). */
async function holderPhone(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const phone = await context.newPage();
  try {
    await signInAs(phone, 'valid-permit');
    await setUpDevice(phone);
  } catch (e) {
    await context.close();
    throw e;
  }
  return { context, phone };
}

test("the holder scans the counter's QR, agrees, and the counter shows the verdict without a click", async ({ page: counter, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const qrText = await showChallenge(counter);
  expect(qrText).toBe(await counter.getByTestId('challenge-qr').getAttribute('data-qr'));
  const { phone, close } = await phoneSeeing(await counter.screenshot({ type: 'jpeg', quality: 90 }), baseURL, testInfo);
  try {
    await signInAs(phone, 'valid-permit');
    await setUpDevice(phone);
    await phone.getByTestId('scan-to-show').click();
    await expect(phone).toHaveURL(/\/card\/answer$/);

    // Who asks, as the backend issued the challenge, and what they will see.
    const consent = phone.getByTestId('answer-consent');
    await expect(consent).toBeVisible({ timeout: 20_000 });
    await expect(phone.getByTestId('consent-department')).toHaveText(HOSPITAL[0]);
    await expect(phone.getByTestId('consent-counter')).toHaveText(HOSPITAL[1]);
    await expect(consent).toContainText('相片');
    await expect(counter.getByTestId('verdict')).toHaveCount(0);

    await phone.getByTestId('answer-agree').click();
    await expect(phone.getByTestId('answer-outcome')).toHaveAttribute('data-outcome', 'accepted');
    await expect(phone.getByTestId('answer-outcome')).toContainText('核验通过');

    // The counter's screen, untouched since it showed the QR, has the verdict with the photo.
    const verdict = counter.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-outcome', 'accepted', { timeout: 10_000 });
    await expect(verdict).toContainText('陈晓彤');
    await expect(verdict.locator('.permit-photo img')).toHaveJSProperty('complete', true);
    expect(await verdict.locator('.permit-photo img').evaluate((img) => img.naturalWidth)).toBeGreaterThan(0);

    // The holder's history has it, marked as answered by them.
    await phone.goto('/card/history');
    const first = phone.getByTestId('history-item').first();
    await expect(first).toContainText(HOSPITAL[1]);
    await expect(first).toHaveAttribute('data-by-holder', 'true');
    await expect(first).toContainText('本人扫码出示');

    // Next: the counter shows a new challenge, in the mode it kept.
    await counter.getByTestId('scan-next').click();
    await expect(counter.getByTestId('challenge-qr')).not.toHaveAttribute('data-qr', qrText);
    await counter.reload();
    await expect(counter.getByTestId('challenge-screen')).toBeVisible();
  } finally {
    await close();
  }
});

test('an answer relayed from another counter is refused at this one, by its own rule', async ({ page: counter, browser }) => {
  test.setTimeout(60_000);
  await showChallenge(counter);
  const number = (await counter.getByTestId('challenge-number').textContent()).replace(' ', '');
  const { context, phone } = await holderPhone(browser);
  try {
    // The relay shows the victim another counter than the one that issued the challenge (a
    // doctored screen in the middle): the phone signs for the counter it showed.
    await phone.route('**/api/v1/challenges/lookup', async (route) => {
      const response = await route.fetch();
      const ask = await response.json();
      ask.post.counter = '急诊收费处 1号窗口';
      await route.fulfill({ response, json: ask });
    });
    await phone.goto('/card/answer');
    await phone.locator('input[name=code]').fill(number);
    await phone.locator('input[name=code]').press('Enter');
    await expect(phone.getByTestId('consent-counter')).toHaveText('急诊收费处 1号窗口');
    await phone.getByTestId('answer-agree').click();
    await expect(phone.getByTestId('answer-outcome')).toHaveAttribute('data-rule', 'OtherCounter');

    const verdict = counter.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-outcome', 'rejected', { timeout: 10_000 });
    await expect(verdict).toHaveAttribute('data-rule', 'OtherCounter');
    await expect(verdict.getByTestId('verdict-why')).toContainText('远程转发');
  } finally {
    await context.close();
  }
});

test("typed digits, a decline that shows nothing, a code that is not a counter's, and offline", async ({ page: counter, browser }) => {
  test.setTimeout(60_000);
  await showChallenge(counter);
  const number = (await counter.getByTestId('challenge-number').textContent()).replace(' ', '');
  const { context, phone } = await holderPhone(browser);
  try {
    await phone.goto('/card/answer');
    const typed = phone.locator('input[name=code]');

    // A permit code is not a counter's code: said at once, nothing sent.
    const permitCode = 'GDJZZ:AEAQCAIBAEAQCAIBAEAQCAIB';
    await typed.fill(permitCode);
    await typed.press('Enter');
    await expect(phone.getByTestId('answer-not-a-counter-code')).toContainText('不是窗口的核验码');
    await phone.getByTestId('answer-scan-again').click();

    await phone.locator('input[name=code]').fill(`${number.slice(0, 3)} ${number.slice(3)}`);
    await phone.locator('input[name=code]').press('Enter');
    await expect(phone.getByTestId('consent-counter')).toHaveText(HOSPITAL[1]);
    await phone.getByTestId('answer-decline').click();
    await expect(phone.getByTestId('answer-declined')).toContainText('未向对方出示任何信息');
    // Declined: the counter is still waiting.
    await expect(counter.getByTestId('challenge-screen')).toBeVisible();
    await expect(counter.getByTestId('verdict')).toHaveCount(0);

    // Offline, the page says this mode needs the network (and that the live code works
    // offline); back online, the scanner returns.
    await phone.goto('/card/answer');
    await expect(phone.locator('input[name=code]')).toBeVisible();
    await context.setOffline(true);
    await expect(phone.getByTestId('answer-offline')).toContainText('需要联网');
    await expect(phone.locator('input[name=code]')).toHaveCount(0);
    await context.setOffline(false);
    await expect(phone.locator('input[name=code]')).toBeVisible();
    await expect(phone.getByTestId('answer-offline')).toHaveCount(0);
  } finally {
    await context.close();
  }
});
