// Counter scans back to back, shared by the bench and the e2e suite: a holder page showing its
// live card and a counter page signed in as staff with a post chosen. Each round waits for the
// holder's next code, screenshots it, feeds the picture to the counter's scanner (decoded in the
// wasm worker), and reads the verdict. Any verdict but "accepted" throws with its rule: a
// genuine code read quickly after the last one must never be refused (issue 21).

/** Staff take the first department and counter offered, once. */
export async function choosePostFirstOffered(counter) {
  await counter.locator('select[name=department]').selectOption({ index: 1 });
  await counter.locator('select[name=counter]').selectOption({ index: 1 });
  await counter.getByTestId('save-post').click();
  await counter.getByTestId('post-line').waitFor();
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The issue time (Unix seconds) a permit code carries: bytes 9 to 16 of its base32 body
 * (docs/permit-code.md). For the failure message only: the app and the mock decode codes in
 * Rust. */
export function codeIat(text) {
  let bits = '';
  for (const c of text.slice('GDJZZ:'.length, 'GDJZZ:'.length + 28)) bits += BASE32.indexOf(c).toString(2).padStart(5, '0');
  return Number(BigInt(`0b${bits.slice(72, 136)}`));
}

/** Runs `rounds` scans; returns the milliseconds from "scan-read" to "verdict-shown" of each. */
export async function scanBackToBack(holder, counter, rounds) {
  const times = [];
  let last = '';
  // What was shown and what the counter sent, for the message when a verdict is a refusal.
  const sent = [];
  const onRequest = (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/verifications')) sent.push(codeIat(JSON.parse(r.postData()).code));
  };
  counter.on('request', onRequest);
  const shown = [];
  for (let i = 0; i < rounds; i++) {
    await holder.waitForFunction((c) => {
      const now = document.querySelector('[data-testid=permit-code]')?.dataset.code ?? '';
      return now.startsWith('GDJZZ:') && now !== c;
    }, last);
    // The picture must be of the code the loop remembers: read it before and after.
    let picture;
    for (;;) {
      last = await holder.getByTestId('permit-code').getAttribute('data-code');
      picture = await holder.getByTestId('permit-code').screenshot();
      if (last.startsWith('GDJZZ:') && await holder.getByTestId('permit-code').getAttribute('data-code') === last) break;
    }
    shown.push(codeIat(last));
    if (i > 0) await counter.getByTestId('scan-next').click();
    await counter.evaluate(() => performance.clearMarks('verdict-shown'));
    await counter.getByTestId('scan-picture').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: picture });
    await counter.locator('[data-testid=verdict]').waitFor();
    const outcome = await counter.getByTestId('verdict').getAttribute('data-outcome');
    if (outcome !== 'accepted') {
      const rule = await counter.getByTestId('verdict').getAttribute('data-rule');
      throw new Error(`scan ${i + 1} of ${rounds}: ${outcome} ${rule}; issue times shown ${shown.slice(-4)}, sent ${sent.slice(-4)}`);
    }
    await counter.waitForFunction(() => performance.getEntriesByName('verdict-shown').length > 0);
    times.push(await counter.evaluate(() =>
      performance.getEntriesByName('verdict-shown')[0].startTime - performance.getEntriesByName('scan-read')[0].startTime));
  }
  counter.off('request', onRequest);
  return times;
}
