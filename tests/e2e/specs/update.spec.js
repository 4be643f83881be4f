// Safe updates: a next build is deployed over the served directory while a holder shows the
// card. The new service worker installs and waits; the card is neither covered nor reloaded;
// a reload still gives the whole old build; away from the card the app offers the update,
// and accepting it loads the whole new build. SERVED_DIST is the directory the server
// serves (`cargo xtask test` sets it); the spec puts every file back afterwards.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, signInAs } from './fixtures.js';
import { setUpDevice } from './helpers.js';

const dist = process.env.SERVED_DIST;

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

test('a new build waits for the resident, never interrupts the card, and loads whole', async ({ page }) => {
  test.skip(!dist, 'SERVED_DIST names the directory the server serves (set by cargo xtask test)');
  await signInAs(page, 'valid-permit');
  await setUpDevice(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const before = await stylesheets(page);

  const next = deployNextBuild();
  try {
    expect(before).toEqual([next.oldCss]);
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await page.waitForFunction(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting != null));

    // At the counter: the card stays as it is, with no offer over it and no reload.
    await page.waitForTimeout(500);
    await expect(page.getByTestId('update-bar')).toHaveCount(0);
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);

    // Reopened before accepting: still the whole old build, not a mix.
    await page.reload();
    await expect(page.getByTestId('permit-code')).toHaveAttribute('data-code', /^GDJZZ:/);
    expect(await stylesheets(page)).toEqual([next.oldCss]);

    // Away from the card the update is offered; accepting it loads the new build whole.
    await page.goto('/me');
    await expect(page.getByTestId('update-bar')).toBeVisible();
    await page.getByTestId('update-apply').click();
    await page.waitForFunction((css) => [...document.styleSheets].some((s) => s.href.endsWith(css)), next.newCss);
    expect(await stylesheets(page)).toEqual([next.newCss]);
    const active = await page.evaluate(() => fetch('/sw.js').then((r) => r.text()));
    expect(active).toContain(next.build);
    await expect(page.getByTestId('update-bar')).toHaveCount(0);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => new URL(s.src).pathname));
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    for (const src of scripts) expect(html, `${src} belongs to the new page`).toContain(src);
  } finally {
    next.undo();
  }
});
