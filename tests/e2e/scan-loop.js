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

/** Runs `rounds` scans; returns the milliseconds from "scan-read" to "verdict-shown" of each. */
export async function scanBackToBack(holder, counter, rounds) {
  const times = [];
  let last = '';
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
    if (i > 0) await counter.getByTestId('scan-next').click();
    await counter.evaluate(() => performance.clearMarks('verdict-shown'));
    await counter.getByTestId('scan-picture').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: picture });
    await counter.locator('[data-testid=verdict]').waitFor();
    const outcome = await counter.getByTestId('verdict').getAttribute('data-outcome');
    if (outcome !== 'accepted') {
      throw new Error(`scan ${i + 1} of ${rounds}: ${outcome} ${await counter.getByTestId('verdict').getAttribute('data-rule')}`);
    }
    await counter.waitForFunction(() => performance.getEntriesByName('verdict-shown').length > 0);
    times.push(await counter.evaluate(() =>
      performance.getEntriesByName('verdict-shown')[0].startTime - performance.getEntriesByName('scan-read')[0].startTime));
  }
  return times;
}
