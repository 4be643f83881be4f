// Lighthouse (npm) with its default mobile settings (emulated mid-range phone, simulated slow
// 4G and 4x CPU slowdown), in the system Chromium: on the sign-in page a new resident opens,
// and on the card of a returning holder (signed in with a device key in the same browser
// profile first; Lighthouse then keeps storage, so session, key and service worker are there).
// Median of three runs by performance score, each page.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const RUNS = 3;

async function medianRun(url, port, settings) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { lhr } = await lighthouse(url, { port, onlyCategories: ['performance'], logLevel: 'error', output: 'json', ...settings });
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id].numericValue;
    runs.push({
      score: lhr.categories.performance.score * 100,
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      version: lhr.lighthouseVersion,
    });
  }
  runs.sort((a, b) => a.score - b.score);
  return runs[Math.floor(RUNS / 2)];
}

function rows(label, page, run) {
  const how = `Lighthouse ${run.version} (npm), default mobile settings (simulated slow 4G, 4x CPU), ${page} on the loopback mock; the run with the median score of ${RUNS}`;
  return [
    { name: `Lighthouse mobile performance score, ${label}`, value: run.score, unit: '', how },
    { name: `Lighthouse largest contentful paint, ${label}`, value: run.lcp, unit: 'ms', how },
    { name: `Lighthouse total blocking time, ${label}`, value: run.tbt, unit: 'ms', how },
    { name: `Lighthouse cumulative layout shift, ${label}`, value: run.cls, unit: '', how },
  ];
}

/** `signInHolder(cdpUrl)` signs a holder in, with a device key, in the browser at `cdpUrl`. */
export async function lighthouseMeasures(base, signInHolder) {
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const out = rows('sign-in', '/login, storage cleared', await medianRun(`${base}/login`, chrome.port, {}));
    if (signInHolder) {
      await signInHolder(`http://127.0.0.1:${chrome.port}`);
      const card = await medianRun(`${base}/card`, chrome.port, { disableStorageReset: true });
      out.push(...rows('card (returning holder)', '/card with session, device key and service worker kept', card));
    }
    return out;
  } finally {
    await chrome.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await lighthouseMeasures(process.env.BASE_URL), null, 1));
}
