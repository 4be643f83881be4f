import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { tokenFor, sessionToken, advanceClock, resetMock, setFault, setReviewOutcome, fillAddress } from './helpers.js';
import { PNG } from 'pngjs';

const REVIEW_MS = 21_000;
const pdf = { name: 'lease.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% synthetic lease for tests\n%%EOF\n') };

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

/** A photographed page: paper of `paper` grey with dark text lines, as a PNG file. */
function pagePhoto(name, { width = 1200, height = 1600, paper = 235 } = {}) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    const ink = y % 24 < 4 && y > 80 && y < height - 80;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = ink && x > 80 && x < width - 80 ? 30 : paper;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return { name, mimeType: 'image/png', buffer: PNG.sync.write(png) };
}

/** A picture of nothing: one flat grey, as a photo of a wall would be. */
function blankPhoto(name) {
  const png = new PNG({ width: 900, height: 1200 });
  png.data.fill(200);
  return { name, mimeType: 'image/png', buffer: PNG.sync.write(png) };
}

test('the services list says what applies now and why not', async ({ page }) => {
  allowConsoleError(page, /status of 404/);
  await signInAs(page, 'too-recent');
  await page.goto('/services');
  const list = page.getByTestId('services');
  await expect(list).toContainText('居住登记');
  await expect(list).toContainText(/居住登记未满六个月，\d{4}年\d+月\d+日起可申领/);
  await expect(list.locator('li[aria-disabled=true]', { hasText: '年度签注' })).toContainText('持有电子居住证后可办理');

  await page.goto('/services/apply');
  await expect(page.getByTestId('refusals')).toContainText('居住登记未满六个月');
});

test('moving house: the draft survives a reload, the home owner confirms, the permit follows', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/registration');
  const address = '广东省广州市越秀区北京路步行街58号4楼';
  await fillAddress(page, { street: '北京路步行街58号', room: '4楼', housing: 'Rented', landlord: { name: '钟伟明', phone: '139 0000 7788' } });
  await page.reload();
  await expect(page.locator('input[name=street]')).toHaveValue('北京路步行街58号');
  await expect(page.locator('select[name=county]')).toHaveValue('越秀区');

  // Every problem is named under its field; a county of another city cannot be chosen.
  await page.locator('input[name=street]').fill('');
  await page.locator('input[name=landlord_phone]').fill('12345');
  await page.getByTestId('registration-next').click();
  await expect(page.getByRole('alert')).toHaveCount(2);
  await expect(page.getByRole('alert').first()).toContainText('请填写街道');
  await expect(page.getByRole('alert').nth(1)).toContainText('屋主正确的11位手机号');
  await expect(page.locator('select[name=county] option', { hasText: '南山区' })).toHaveCount(0);
  await page.locator('input[name=street]').fill('北京路步行街58号');
  await page.locator('input[name=landlord_phone]').fill('139 0000 7788');
  await page.getByTestId('registration-next').click();
  await expect(page.getByTestId('registration-review')).toContainText(address);
  await page.getByTestId('registration-submit').click();
  await expect(page.getByTestId('registration-pending')).toContainText('等待屋主确认');

  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('registration-current')).toContainText(address);
  await expect(page.getByTestId('unread-count')).toBeVisible();
  await page.goto('/card');
  await page.getByTestId('reveal').click();
  await expect(page.getByTestId('residence')).toHaveText(address);
});

test('the door-plate code fills the address, and a forged one is refused', async ({ page }) => {
  allowConsoleError(page, /status of 422/);
  await signInAs(page, 'valid-permit');
  // The demo's plates, on a second screen.
  const plates = await page.context().newPage();
  await plates.goto('/demo/door-plates');
  await expect(plates.getByTestId('door-plate')).toHaveCount(4);
  const picture = await plates.getByTestId('door-plate-code').first().screenshot();
  await plates.close();

  await page.goto('/services/registration');
  await page.getByTestId('scan-door-plate').click();
  const scanner = page.getByTestId('door-plate-scanner');
  await scanner.locator('input[name=code]').fill('GDMP1.plate-1.00000000000000000000');
  await scanner.getByTestId('verify-typed').click();
  await expect(page.getByRole('alert')).toContainText('不是有效的门牌码');
  await scanner.getByTestId('scan-picture').setInputFiles({ name: 'plate.png', mimeType: 'image/png', buffer: picture });
  await expect(page.getByTestId('door-plate-filled')).toBeVisible();
  await expect(page.locator('select[name=city]')).toHaveValue('广州市');
  await expect(page.locator('select[name=county]')).toHaveValue('海珠区');
  await expect(page.locator('input[name=street]')).toHaveValue('江南大道中82号');
  await page.locator('input[name=housing][value=Owned]').check();
  await page.getByTestId('registration-next').click();
  await expect(page.getByTestId('registration-review')).toContainText('广东省广州市海珠区江南大道中82号6栋601房');
  await page.getByTestId('registration-submit').click();
  await expect(page.getByTestId('registration-pending')).toContainText('等待民警确认');
});

test('applying with the data check passing needs no documents', async ({ page, request }) => {
  allowConsoleError(page, /status of 404/);
  await signInAs(page, 'eligible-data-ok');
  await page.goto('/services/apply');
  await expect(page.getByTestId('apply-form')).toContainText('无需提交任何材料');
  await page.locator('input[name=employment]').check();
  await page.getByTestId('apply-next').click();
  await expect(page.getByTestId('apply-review')).toContainText('合法稳定就业');
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'UnderReview');
  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'Approved');
  await page.goto('/card');
  await expect(page.getByTestId('permit-card')).toContainText('刘建国');
});

test('when the data check fails: documents checked before upload, then a photo, then review', async ({ page, request }) => {
  allowConsoleError(page, /status of 404/);
  const holder = await tokenFor(request, '13800000001');
  const photo = await (await request.get('/api/v1/permit/photo', { headers: { authorization: `Bearer ${holder}` } })).body();

  await signInAs(page, 'eligible-data-fails');
  await page.goto('/services/apply');
  // Employment is not on this resident's record: it can still be claimed, with a document.
  await expect(page.locator('input[name=employment]')).toBeEnabled();
  await expect(page.getByTestId('needs-document')).toHaveCount(2);
  await page.locator('input[name=residence]').check();
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'NeedsMaterials');

  const upload = page.getByTestId('upload-residence');
  await upload.getByTestId('file-input').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(upload.getByRole('alert')).toContainText('只能上传照片（JPG、PNG）或 PDF');
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
  await upload.getByTestId('file-input').setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: big });
  await expect(upload.getByRole('alert')).toContainText('超过2MB');
  await upload.getByLabel('登记备案的租赁合同').check();
  await upload.getByTestId('file-input').setInputFiles(pdf);
  await expect(upload.getByTestId('doc-page')).toHaveCount(1);
  await upload.getByTestId('upload-send').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'NeedsPhoto');

  await page.getByTestId('photo-input').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByTestId('crop')).toHaveAttribute('data-source', '358x441');
  await page.getByTestId('photo-use').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'UnderReview');
  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'Approved');
});

test('a condition not on record is claimed with a three-page document, checked, kept over a reload', async ({ page, request }) => {
  allowConsoleError(page, /status of 404/);
  await signInAs(page, 'eligible-data-fails');
  await page.goto('/services/apply');
  await page.locator('input[name=employment]').check();
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-submit').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'NeedsMaterials');

  const upload = page.getByTestId('upload-employment');
  await upload.getByLabel('劳动合同').check();
  await upload.getByTestId('file-input').setInputFiles([pagePhoto('p1.png'), pagePhoto('p2.png')]);
  await expect(upload.getByTestId('doc-page')).toHaveCount(2);
  // A blank picture is named at once, and removed.
  await upload.getByTestId('file-input').setInputFiles(blankPhoto('wall.png'));
  await expect(upload.locator('[data-issue=Blank]')).toBeVisible();
  await upload.getByTestId('remove-page').nth(2).click();
  await expect(upload.getByTestId('doc-page')).toHaveCount(2);

  // A reload in the middle keeps the pages put together so far, once they are saved on the
  // phone (a removed page once came back: two saves landed in the wrong order).
  await expect(upload).toHaveAttribute('data-saved', 'true');
  await expect(upload.getByTestId('draft-kept')).toContainText('已保存在本机');
  await page.reload();
  const again = page.getByTestId('upload-employment');
  await expect(again.getByTestId('doc-page')).toHaveCount(2);
  await expect(again.getByLabel('劳动合同')).toBeChecked();
  await again.getByTestId('file-input').setInputFiles(pagePhoto('p3.png'));
  await expect(again.getByTestId('doc-page')).toHaveCount(3);
  await expect(again.locator('[data-issue]')).toHaveCount(0);
  await again.getByTestId('upload-send').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'NeedsPhoto');

  const token = await tokenFor(request, '13800000005');
  const app = await (await request.get('/api/v1/application', { headers: { authorization: `Bearer ${token}` } })).json();
  expect(app.materials).toEqual(['labour_contract']);
  expect(app.pages.map((p) => `${p.page}/${p.of}`)).toEqual(['1/3', '2/3', '3/3']);
});

test('the review asks for one page again with its reason, and only that page is replaced', async ({ page, request }) => {
  allowConsoleError(page, /status of 404/);
  await setReviewOutcome(request, { retake: { page: 2, reason_zh: '第2页反光，看不清签名', reason_en: 'Page 2 is glared' } });
  const holder = await tokenFor(request, '13800000001');
  const photo = await (await request.get('/api/v1/permit/photo', { headers: { authorization: `Bearer ${holder}` } })).body();
  await signInAs(page, 'eligible-data-fails');
  await page.goto('/services/apply');
  await page.locator('input[name=residence]').check();
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-submit').click();
  const upload = page.getByTestId('upload-residence');
  await upload.getByLabel('登记备案的租赁合同').check();
  await upload.getByTestId('file-input').setInputFiles([pagePhoto('p1.png'), pagePhoto('p2.png')]);
  await expect(upload.getByTestId('doc-page')).toHaveCount(2);
  await upload.getByTestId('upload-send').click();
  await page.getByTestId('photo-input').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByTestId('photo-use').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'UnderReview');

  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'NeedsMaterials');
  await expect(page.getByTestId('retake')).toContainText('登记备案的租赁合同第2页');
  await expect(page.getByTestId('retake')).toContainText('第2页反光');
  const replace = page.getByTestId('upload-residence');
  await replace.getByTestId('file-input').setInputFiles(pagePhoto('p2-better.png'));
  await expect(replace.getByTestId('file-input')).toHaveCount(0, { timeout: 10_000 });
  await replace.getByTestId('upload-send').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'UnderReview');
  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'Approved');
});

test('a rejection is shown with its reason, and a new application can be made', async ({ page, request }) => {
  allowConsoleError(page, /status of 404/);
  await setReviewOutcome(request, { reject_reason: '就业信息与社保记录不一致' });
  await signInAs(page, 'eligible-data-ok');
  await page.goto('/services/apply');
  await page.locator('input[name=employment]').check();
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-submit').click();
  // The review is timed from the submission: move the clock only once the backend has it.
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'UnderReview');
  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('rejection')).toContainText('就业信息与社保记录不一致');
  await expect(page.getByTestId('apply-form')).toBeVisible();
});

test('a connection dropped mid-submit, then a retry, makes exactly one card order', async ({ page, request }) => {
  allowConsoleError(page, /ERR_|Failed to load resource/);
  await signInAs(page, 'valid-permit');
  await page.goto('/services/card');
  await setFault(request, 'write', { drop_rate: 1 });
  await page.getByTestId('order-first').click();
  await expect(page.getByRole('alert')).toContainText('网络连接失败');
  await setFault(request, 'write', {});
  const [retry] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/card-orders'),
    page.getByTestId('order-first').click(),
  ]);
  // The retry is answered with the order the lost answer was about, not a second order (nor
  // the backend's "an order is already open").
  expect(retry.status()).toBe(201);
  expect(retry.headers()['idempotent-replayed']).toBe('true');
  await expect(page.getByTestId('card-order')).toHaveAttribute('data-status', 'InProduction');
  await expect(page.getByRole('alert')).toHaveCount(0);
  const orders = await request.get('/api/v1/card-orders', { headers: { authorization: `Bearer ${await sessionToken(page)}` } });
  expect(orders.status()).toBe(200);
  expect(await orders.json()).toHaveLength(1);
});

test('a replacement card costs 20 yuan and is paid for', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/card');
  await page.getByTestId('order-first').click();
  await expect(page.getByTestId('card-order')).toHaveAttribute('data-status', 'InProduction');
  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('order-replacement')).toContainText('20元');
  await page.getByTestId('order-replacement').click();
  await expect(page.getByTestId('card-order')).toHaveAttribute('data-status', 'AwaitingPayment');
  await expect(page.getByTestId('card-order')).toContainText('20');
  await page.getByTestId('pay-wechat').click();
  await expect(page.getByTestId('card-order')).toHaveAttribute('data-status', 'InProduction');
});

test('claiming from a physical card, whose outdated address is explained', async ({ page }) => {
  allowConsoleError(page, /status of 404/);
  await signInAs(page, 'physical-card-unclaimed');
  await page.goto('/services/card');
  await expect(page.getByTestId('card-guidance')).toContainText('以电子居住证为准');
  await page.goto('/services/apply');
  await page.getByTestId('claim-submit').click();
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'Approved');
});

/** A date as the calendar file writes it (YYYYMMDD); dates here are calendar days, in UTC. */
const ymd = (d) => d.toISOString().slice(0, 10).replaceAll('-', '');
const dayUTC = (iso) => new Date(`${iso}T00:00:00Z`);
const plusDays = (d, n) => new Date(d.getTime() + n * 86_400_000);
/** `d` moved by `months` calendar months, on the month's last day when it has no such day
 * (民法典 art. 202: 29 February falls on 28 February). */
function plusMonths(d, months) {
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d.getUTCDate(), last)));
}

test('endorsing: the calendar file, and one-tap confirm that is done at once', async ({ page }) => {
  await signInAs(page, 'endorsement-due');
  // The permit's issue date, as its card shows it (签发日期, e.g. 2025年12月11日); never endorsed.
  const issuedText = await page.getByTestId('permit-card').locator('div', { has: page.locator('dt', { hasText: '签发日期' }) }).locator('dd').textContent();
  const [, y, m, d] = issuedText.match(/(\d{4})年(\d{1,2})月(\d{1,2})日/);
  const issued = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  // The rule: the deadline is the first anniversary of the issue date; the window is the
  // month that ends on it (from the day after "deadline minus one month"); a second
  // reminder a week before the deadline.
  const deadline = plusMonths(issued, 12);
  const opens = plusDays(plusMonths(deadline, -1), 1);
  const daysBeforeOpen = Math.round((deadline - opens) / 86_400_000);
  // The persona is ten days before the deadline, counting today (China time).
  const today = dayUTC(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  expect(ymd(deadline), 'the seeded deadline is nine days from today').toBe(ymd(plusDays(today, 9)));

  await page.goto('/services/endorsement');
  await expect(page.getByTestId('endorsement-headline')).toContainText('剩余10天');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-ics').click()]);
  expect(download.suggestedFilename()).toBe('endorsement.ics');
  const ics = (await (await download.createReadStream()).toArray()).join('');
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*BEGIN:VEVENT[\s\S]*END:VEVENT\r\nEND:VCALENDAR\r\n$/);
  const lines = ics.split('\r\n');
  expect(lines.filter((l) => l.startsWith('DTSTART'))).toEqual([`DTSTART;VALUE=DATE:${ymd(deadline)}`]);
  expect(lines.filter((l) => l.startsWith('DTEND'))).toEqual([`DTEND;VALUE=DATE:${ymd(plusDays(deadline, 1))}`]);
  expect(lines.filter((l) => l.startsWith('TRIGGER'))).toEqual([`TRIGGER:-P${daysBeforeOpen}D`, 'TRIGGER:-P7D']);
  await page.getByTestId('endorse-submit').click();
  await expect(page.getByTestId('endorsement')).toHaveAttribute('data-state', /Valid/);
  await expect(page.getByTestId('endorsement-request')).toHaveCount(0);
});

test('an endorsement whose data check fails takes a document of pages, then the review endorses', async ({ page, request }) => {
  await signInAs(page, 'endorsement-data-fails');
  await page.goto('/services/endorsement');
  await page.getByTestId('endorse-submit').click();
  const upload = page.getByTestId('endorsement-materials').getByTestId('upload-residence');
  await upload.getByLabel('单位宿舍证明').check();
  await upload.getByTestId('file-input').setInputFiles([pagePhoto('d1.png'), pagePhoto('d2.png')]);
  await expect(upload.getByTestId('doc-page')).toHaveCount(2);
  await upload.getByTestId('upload-send').click();
  await expect(page.getByTestId('endorsement-request')).toBeVisible();
  await advanceClock(request, REVIEW_MS);
  await expect(page.getByTestId('endorsement')).toHaveAttribute('data-state', /Valid/);
});

test('cancelling takes two deliberate steps and is final', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/cancel');
  await expect(page.getByTestId('cancel-next')).toBeDisabled();
  await page.getByTestId('cancel-understood').check();
  await page.getByTestId('cancel-next').click();
  await page.getByTestId('cancel-confirm').click();
  await expect(page.getByTestId('cancel-done')).toBeVisible();
  await page.goto('/card');
  await expect(page.getByTestId('permit-status')).toHaveText('已注销');
});

test('a family member switches to the person they act for, and back', async ({ page }) => {
  await signInAs(page, 'guardian-zhao');
  await page.goto('/services');
  await expect(page.getByTestId('acting-for')).toHaveCount(0);
  await page.goto('/me');
  await page.getByTestId('act-for-elderly').click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByTestId('acting-for')).toContainText('赵丽');
  await expect(page.getByTestId('acting-for')).toContainText('赵德福');
  await page.goto('/card');
  await expect(page.getByTestId('permit-card')).toContainText('赵德福');
  await page.goto('/me');
  await page.getByTestId('act-for-self').click();
  await expect(page.getByTestId('acting-for')).toHaveCount(0);
  await page.goto('/card');
  await expect(page.getByTestId('permit-card')).toContainText('赵丽');
});

test('messages arrive live with an unread count that drops when read', async ({ page, request }) => {
  allowConsoleError(page, /status of 404/);
  await signInAs(page, 'eligible-data-ok');
  await page.goto('/messages');
  const badge = page.getByTestId('unread-count');
  await expect(badge).toHaveText('1');
  await page.goto('/services/apply');
  await page.locator('input[name=employment]').check();
  await page.getByTestId('apply-next').click();
  await page.getByTestId('apply-submit').click();
  // The review is timed from the submission: move the clock only once the backend has it.
  await expect(page.getByTestId('application-status')).toHaveAttribute('data-status', 'UnderReview');
  await advanceClock(request, REVIEW_MS);
  await expect(badge).toHaveText('2');
  await page.goto('/messages');
  await page.getByTestId('message').first().locator('button').click();
  await expect(badge).toHaveText('1');
});
