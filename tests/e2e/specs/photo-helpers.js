// Synthetic test photos, drawn in the browser: a head and shoulders on a background, at
// camera sizes. Never real faces.

/** A JPEG of w x h with a drawn head (centre cx, cy as shares of the size). */
export async function drawPhoto(page, { w = 1600, h = 1200, background = '#fafafa', cx = 0.5, cy = 0.45, r = 0.18, skin = '#e0b896' } = {}) {
  const bytes = await page.evaluate(async ({ w, h, background, cx, cy, r, skin }) => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    g.fillStyle = background;
    g.fillRect(0, 0, w, h);
    const R = Math.min(w, h) * r;
    g.fillStyle = '#2c3550';
    g.beginPath();
    g.ellipse(w * cx, h * cy + R * 2.6, R * 2.2, R * 1.4, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = skin;
    g.beginPath();
    g.ellipse(w * cx, h * cy, R, R * 1.25, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#1c1410';
    g.beginPath();
    g.ellipse(w * cx, h * cy - R * 0.7, R * 1.02, R * 0.6, 0, Math.PI, Math.PI * 2);
    g.fill();
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  }, { w, h, background, cx, cy, r, skin });
  return Buffer.from(bytes);
}

/** The same JPEG with an EXIF APP1 segment saying "rotate 90° clockwise" (orientation 6). */
export function withExifOrientation6(jpeg) {
  const app1 = Buffer.from([
    0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  ]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

/** Width and height from a JPEG's SOF marker. */
export function jpegSize(buf) {
  let i = 2;
  while (i < buf.length) {
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  return null;
}
