// Safe updates: a next build is deployed over the served directory while a holder shows the
// card. The new service worker installs and waits; the card is neither covered nor reloaded;
// a reload still gives the whole old build; away from the card the app offers the update,
// and accepting it loads the whole new build. SERVED_DIST is the directory the server
// serves (`cargo xtask test` sets it); the spec puts every file back afterwards.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, signInAs } from './fixtures.js';
import { setUpDevice, resetMock } from './helpers.js';

const dist = process.env.SERVED_DIST;

test.beforeEach(async ({ request }) => {
  await resetMock(request);
});

/** Deploys a next build: a changed stylesheet under a new hashed name, the page and the
 * service worker that name it. Old files stay, as the deploy notes say. Returns an undo. */
function deployNextBuild() {
  const saved = new Map();
  const keep = (name) => { if (!saved.has(name)) saved.set(name, existsSync(join(dist, name)) ? readFileSync(join(dist, name)) : null); };
  const indexHtml = readFileSync(join(dist, 'index.html'), 'utf8');
  const oldCss = indexHtml.match(/\/(main-[0-9a-f]{16}\.css)/)[1];
  const css = `${readFileSync(join(dist, oldCss), 'utf8')}\n:root { --next-build: 1; }\n`;
  const newCss = `main-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
  keep(newCss);
  writeFileSync(join(dist, newCss), css);
  const nextHtml = indexHtml.replace(oldCss, newCss).replace(/(href="\/main-[0-9a-f]{16}\.css" integrity=")[^"]+"/, `$1${integrity}"`);
  const build = createHash('sha256').update(nextHtml).digest('hex').slice(0, 16);
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8').replace(/const BUILD = '[0-9a-f]{16}';/, `const BUILD = '${build}';`).replace(oldCss, newCss);
  for (const [name, text] of [['index.html', nextHtml], ['sw.js', sw]]) {
    keep(name);
    writeFileSync(join(dist, name), text);
    // The precompressed copies are of the old text; a real build writes new ones.
    for (const suffix of ['.br', '.gz']) {
      keep(name + suffix);
      rmSync(join(dist, name + suffix), { force: true });
    }
  }
  return {
    oldCss: `/${oldCss}`, newCss: `/${newCss}`, build,
    undo() {
      for (const [name, bytes] of saved) {
        if (bytes === null) rmSync(join(dist, name), { force: true });
        else writeFileSync(join(dist, name), bytes);
      }
    },
  };
}

const stylesheets = (page) => page.evaluate(() => [...document.styleSheets].map((s) => new URL(s.href).pathname));

/** Which worker runs the page, read from the page: the registration's workers and the
 * caches. Each build's worker keeps its own cache (`gd-epermit-<build>`) and deletes every
 * other cache when it activates, so the caches name the build of the active worker. */
const workers = (page) => page.evaluate(async () => {
  const r = await navigator.serviceWorker.getRegistration();
  const controller = navigator.serviceWorker.controller;
  return {
    controlled: controller !== null && controller === r.active,
    active: r.active?.state ?? null,
    waiting: r.waiting !== null,
    installing: r.installing !== null,
    caches: (await caches.keys()).sort(),
  };
});

/** Asks the server for a new worker, as the app's own check does, and resolves once it has
 * installed and the app has heard of it: the app's `statechange` handler was set when the
 * update was found, before this one, so it has run when this one runs. */
const findUpdate = (page) => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => new Promise((resolve, reject) => {
  r.addEventListener('updatefound', () => {
    const worker = r.installing;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') resolve();
      if (worker.state === 'redundant') reject(new Error('the new worker did not install'));
    });
  }, { once: true });
  r.update().catch(reject);
})));

const navigationOf = (page) => page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame());

test('a new build waits for the resident, never interrupts the card, and loads whole', async ({ page }) => {
  // The worker precaches the whole build (the first module and every piece) before it takes
  // control; on a loaded two-core machine that alone has taken over 20 s.
  test.setTimeout(60_000);
  expect(dist, 'SERVED_DIST names the directory the server serves (set by cargo xtask test)').toBeTruthy();
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const before = await stylesheets(page);
  const oldWorker = await workers(page);
  expect(oldWorker).toMatchObject({ controlled: true, active: 'activated', waiting: false });
  expect(oldWorker.caches).toHaveLength(1);

  const next = deployNextBuild();
  try {
    expect(before).toEqual([next.oldCss]);
    expect(oldWorker.caches).not.toEqual([`gd-epermit-${next.build}`]);
    await page.evaluate(() => { window.__sameDocument = true; });
    await findUpdate(page);
    expect(await workers(page)).toMatchObject({ waiting: true, caches: [...oldWorker.caches, `gd-epermit-${next.build}`].sort() });

    // At the counter: the card stays as it is, with no offer over it and no reload.
    await expect(page.getByTestId('update-bar')).toHaveCount(0);
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
    // The app did hear of it: one tab away the offer shows, still in the same document.
    await page.locator('nav.tab-bar a').nth(3).click();
    await expect(page.getByTestId('update-bar')).toBeVisible();
    await page.locator('nav.tab-bar a').nth(0).click();
    await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
    await expect(page.getByTestId('update-bar')).toHaveCount(0);
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

    // Reopened before accepting: still the whole old build, not a mix.
    await page.reload();
    await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
    expect(await stylesheets(page)).toEqual([next.oldCss]);

    // Away from the card the update is offered; accepting it loads the new build whole,
    // served by the new worker, which is now the page's controller.
    await page.goto('/me');
    await expect(page.getByTestId('update-bar')).toBeVisible();
    const reloaded = navigationOf(page);
    await page.getByTestId('update-apply').click();
    const shell = await reloaded;
    expect(shell.fromServiceWorker(), 'the page came from the worker').toBe(true);
    expect(await shell.text()).toContain(next.newCss);
    await page.waitForFunction((css) => [...document.styleSheets].some((s) => s.href.endsWith(css)), next.newCss);
    expect(await stylesheets(page)).toEqual([next.newCss]);
    await expect.poll(() => workers(page)).toEqual({
      controlled: true, active: 'activated', waiting: false, installing: false, caches: [`gd-epermit-${next.build}`],
    });
    await expect(page.getByTestId('update-bar')).toHaveCount(0);
    const scripts = await page.evaluate(() => [...document.scripts].filter((s) => s.src).map((s) => new URL(s.src).pathname));
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    for (const src of scripts) expect(html, `${src} belongs to the new page`).toContain(src);
  } finally {
    next.undo();
  }
});

test('an open app checks for a new build every 30 minutes and offers it without a reload', async ({ page }) => {
  // The worker precaches the whole build (the first module and every piece) before it takes
  // control; on a loaded two-core machine that alone has taken over 20 s.
  test.setTimeout(60_000);
  expect(dist, 'SERVED_DIST names the directory the server serves (set by cargo xtask test)').toBeTruthy();
  // The app's own check is `registration.update()`: count each call, and put the next build
  // on the server as it is made. The browser also checks at each navigation; deploying at
  // the app's check keeps those earlier checks from finding it.
  let next = null;
  await page.exposeFunction('__deployNextBuild', () => {
    next ??= deployNextBuild();
  });
  await page.addInitScript(() => {
    const update = ServiceWorkerRegistration.prototype.update;
    window.__updateChecks = 0;
    ServiceWorkerRegistration.prototype.update = async function () {
      window.__updateChecks += 1;
      await window.__deployNextBuild();
      return update.call(this);
    };
  });
  // The page's timers run on Playwright's clock: half an hour passes when the test says.
  await page.clock.install();
  try {
    await signInAs(page, 'valid-permit');
    await page.goto('/me');
    // Polled from here, not with waitForFunction: its default polling is by animation frame,
    // and the installed clock holds animation frames until the test moves it, so a worker that
    // took control after the first look was never seen (CI, once).
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 45_000 }).toBe(true);
    await expect(page.getByTestId('profile')).toContainText('陈晓彤');
    await page.evaluate(() => { window.__sameDocument = true; });
    const checks = () => page.evaluate(() => window.__updateChecks);

    // The app started just now: no check for the first 29 minutes.
    await page.clock.runFor(29 * 60_000);
    expect(await checks()).toBe(0);
    expect(next).toBeNull();
    // By the 30th minute it has checked, once, found the new build, and offers it.
    await page.clock.runFor(60_000);
    expect(await checks()).toBe(1);
    expect(next).not.toBeNull();
    await expect(page.getByTestId('update-bar')).toBeVisible();
    await expect(page.getByTestId('update-bar')).toContainText('新版本已准备好');
    expect(await page.evaluate(() => window.__sameDocument), 'offered, not reloaded').toBe(true);
    expect(await stylesheets(page)).toEqual([next.oldCss]);

    await page.getByTestId('update-apply').click();
    await expect.poll(() => stylesheets(page).catch(() => [])).toEqual([next.newCss]);
    await expect.poll(() => workers(page).then((w) => w.caches)).toEqual([`gd-epermit-${next.build}`]);
  } finally {
    next?.undo();
  }
});
