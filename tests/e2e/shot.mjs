import { chromium } from 'playwright';
const [label, lang, elder, ...routes] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ baseURL: 'http://127.0.0.1:8080', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' });
await p.goto('/login');
await p.evaluate(([l, e]) => { localStorage.setItem('permit.locale', l); localStorage.setItem('permit.elder', e); }, [lang, elder]);
await p.reload();
await p.locator(`[data-label="${label}"]`).click();
await p.waitForTimeout(800);
if (await p.getByTestId('device-send-code').count()) { await p.getByTestId('device-send-code').click(); await p.waitForTimeout(400); await p.getByTestId('device-enable').click(); await p.waitForTimeout(800); }
for (const r of routes) { await p.goto(r); await p.waitForTimeout(900); await p.screenshot({ path: `/tmp/s-${label}-${lang}-${elder}-${r.replaceAll('/', '_')}.png` }); }
await b.close();
