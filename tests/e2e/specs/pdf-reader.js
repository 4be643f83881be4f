// Reads a PDF as its reader would: the text of each page (pdf.js, as a browser's viewer
// does) and the QR code drawn on the first page, rendered and decoded (jsQR, as a phone
// camera would). Nothing here knows how the PDF was made.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import jsQR from 'jsqr';

export async function readPdf(bytes) {
  const doc = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 }).promise;
  const texts = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    texts.push((await page.getTextContent()).items.map((item) => item.str).join('\n'));
  }
  const first = await doc.getPage(1);
  const viewport = first.getViewport({ scale: 3 });
  const canvasFactory = doc.canvasFactory;
  const { canvas, context } = canvasFactory.create(viewport.width, viewport.height);
  context.fillStyle = '#fff';
  context.fillRect(0, 0, viewport.width, viewport.height);
  await first.render({ canvasContext: context, canvas, viewport }).promise;
  const image = context.getImageData(0, 0, viewport.width, viewport.height);
  const qr = jsQR(image.data, image.width, image.height);
  await doc.destroy();
  return { pages: doc.numPages, text: texts.join('\n'), qr: qr ? qr.data : null };
}
