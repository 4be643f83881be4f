import { closeSync, openSync, truncateSync } from 'node:fs';
import { test, expect, signInAs, allowConsoleError } from './fixtures.js';
import { tokenFor, advanceClock, resetMock, setFault } from './helpers.js';
import { drawPhoto, withExifOrientation6, jpegSize } from './photo-helpers.js';

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

const file = (name, mimeType, buffer) => ({ name, mimeType, buffer });
const isPhotoUpload = (r) => (r.request?.() ?? r).method() === 'POST' && new URL(r.url()).pathname === '/api/v1/photo';

test('pick, crop, check and upload: the backend gets a 358x441 JPEG of at most 30 KB', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await page.getByTestId('change-photo').click();
  await expect(page).toHaveURL(/\/services\/photo$/);
  const photo = await drawPhoto(page, { w: 1600, h: 1200 });
  await page.getByTestId('photo-input').setInputFiles(file('camera.jpg', 'image/jpeg', photo));
  await expect(page.getByTestId('crop')).toHaveAttribute('data-source', '1600x1200');
  await expect(page.getByTestId('photo-checks')).toContainText('检查通过');
  await page.getByTestId('photo-use').click();
  await expect(page.getByTestId('photo-review')).toHaveAttribute('data-status', 'UnderReview');
  await advanceClock(request, 21_000);
  await expect(page.getByTestId('photo-review')).toHaveAttribute('data-status', 'Approved');

  const token = await tokenFor(request, '13800000001');
  const stored = await (await request.get('/api/v1/permit/photo', { headers: { authorization: `Bearer ${token}` } })).body();
  expect(jpegSize(stored)).toEqual({ width: 358, height: 441 });
  expect(stored.length).toBeLessThanOrEqual(30 * 1024);
});

test('EXIF orientation is applied before cropping', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/photo');
  const rotated = withExifOrientation6(await drawPhoto(page, { w: 1600, h: 1200 }));
  await page.getByTestId('photo-input').setInputFiles(file('rotated.jpg', 'image/jpeg', rotated));
  await expect(page.getByTestId('crop')).toHaveAttribute('data-source', '1200x1600');
});

test('drag and keys move and zoom the crop; the checks follow', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/photo');
  await page.getByTestId('photo-input').setInputFiles(file('camera.jpg', 'image/jpeg', await drawPhoto(page, { w: 1600, h: 1200 })));
  const crop = page.getByTestId('crop');
  const before = await crop.getAttribute('data-centre');
  await expect(page.getByTestId('photo-checks')).toContainText('检查通过');
  await crop.focus();
  await page.keyboard.press('+');
  await expect(crop).not.toHaveAttribute('data-centre', before);
  await page.keyboard.press('-');
  await expect(crop).toHaveAttribute('data-centre', before);
  const box = await crop.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 50, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(crop).not.toHaveAttribute('data-centre', before);
  await expect(page.getByTestId('photo-checks')).toContainText('脸部不居中');
});

test('a coloured background and a dark photo are explained', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/photo');
  await page.getByTestId('photo-input').setInputFiles(file('blue.jpg', 'image/jpeg', await drawPhoto(page, { background: '#4a82d0' })));
  await expect(page.getByTestId('photo-checks')).toContainText('背景不是纯白');
  await page.getByTestId('photo-input').setInputFiles(file('dark.jpg', 'image/jpeg', await drawPhoto(page, { skin: '#2a1d16' })));
  await expect(page.getByTestId('photo-checks')).toContainText('太暗');
});

test('an upload can be cancelled and sent again', async ({ page, request }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/photo');
  await page.getByTestId('photo-input').setInputFiles(file('camera.jpg', 'image/jpeg', await drawPhoto(page)));
  // The backend holds the upload long enough that it is surely still on its way when
  // cancelled, however slow this machine.
  await setFault(request, 'upload', { latency_ms: 20_000 });
  const sending = page.waitForRequest(isPhotoUpload);
  await page.getByTestId('photo-use').click();
  const first = await sending;
  const aborted = page.waitForEvent('requestfailed', (r) => r === first);
  await page.getByTestId('photo-cancel').click();
  // The request itself was abandoned, not merely hidden.
  expect((await aborted).failure()?.errorText).toMatch(/ABORTED/);
  await expect(page.getByTestId('upload-cancelled')).toContainText('已取消上传');
  await expect(page.getByTestId('photo-retry')).toBeVisible();
  await setFault(request, 'upload', {});
  const [answer] = await Promise.all([page.waitForResponse(isPhotoUpload), page.getByTestId('photo-retry').click()]);
  expect(answer.status()).toBe(202);
  await expect(page.getByTestId('photo-review')).toHaveAttribute('data-status', 'UnderReview');
});

test('bad files get a clear message each', async ({ page }, testInfo) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/photo');
  const input = page.getByTestId('photo-input');
  const error = page.getByTestId('photo-error');
  await input.setInputFiles(file('notes.txt', 'text/plain', Buffer.from('not an image')));
  await expect(error).toContainText('无法读取该图片');
  const small = await drawPhoto(page, { w: 100, h: 100 });
  await input.setInputFiles(file('tiny.jpg', 'image/jpeg', small));
  await expect(error).toContainText('图片太小');
  const whole = await drawPhoto(page, { w: 800, h: 1000 });
  await input.setInputFiles(file('cut.jpg', 'image/jpeg', whole.subarray(0, 600)));
  await expect(error).toContainText('无法读取该图片');
  // A file on disk, set by its path: a 40 MB buffer sent through the browser protocol took
  // most of the test's time and, on a loaded machine, more than all of it. The size is read
  // before any byte of it, so a sparse file just over the limit is enough.
  const huge = testInfo.outputPath('huge.jpg');
  closeSync(openSync(huge, 'w'));
  truncateSync(huge, 20 * 1024 * 1024 + 1);
  await input.setInputFiles(huge);
  await expect(error).toContainText('超过20MB');
});

test('a failed upload keeps the photo through a reload, and a retry sends it once', async ({ page, request }) => {
  allowConsoleError(page, /status of 503|Failed to load resource/);
  const uploads = [];
  page.on('request', (r) => {
    if (isPhotoUpload(r)) uploads.push(r);
  });
  await setFault(request, 'upload', { error_rate: 1 });
  await signInAs(page, 'valid-permit');
  await page.goto('/services/photo');
  await page.getByTestId('photo-input').setInputFiles(file('camera.jpg', 'image/jpeg', await drawPhoto(page)));
  await page.getByTestId('photo-use').click();
  await expect(page.getByTestId('photo-pending').getByRole('alert')).toContainText('服务暂时不可用');
  expect(uploads).toHaveLength(1);
  await page.reload();
  await expect(page.getByTestId('photo-pending')).toBeVisible();
  await setFault(request, 'upload', {});
  const [answer] = await Promise.all([page.waitForResponse(isPhotoUpload), page.getByTestId('photo-retry').click()]);
  expect(answer.status()).toBe(202);
  await expect(page.getByTestId('photo-review')).toHaveAttribute('data-status', 'UnderReview');
  await expect(page.getByTestId('photo-pending')).toHaveCount(0);
  // The failed try and the one retry: the reload sent nothing on its own, the retry sent once.
  expect(uploads).toHaveLength(2);
});

test('the front camera takes the picture where the browser offers one', async ({ page }) => {
  await signInAs(page, 'valid-permit');
  await page.goto('/services/photo');
  await page.getByTestId('camera-open').click();
  const video = page.getByTestId('camera-video');
  await expect(video).toBeVisible();
  await page.waitForFunction(() => document.querySelector('[data-testid=camera-video]')?.videoWidth > 0);
  await page.getByTestId('camera-take').click();
  await expect(page.getByTestId('crop')).toHaveAttribute('data-source', /^\d+x\d+$/);
  await expect(video).toHaveCount(0);
});
