/**
 * Files that claim to be images: real ones (so the happy path is exercised too) and liars — PNG
 * magic followed by garbage, truncated JPEGs, text named `.png`, a PNG whose header promises a
 * canvas far past any pixel limit (decompression bomb), a JPEG SOF claiming 65500×65500, and
 * polyglots (a valid image with an HTML/ZIP/PHP payload appended, a GIF/HTML hybrid).
 */
import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

export interface ImageSample {
  name: string;
  bytes: Buffer;
  filename: string;
  contentType: string;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 (ISO-HDLC), as PNG chunks need; kept here so the corpus needs no extra module. */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A structurally valid PNG header for a width×height 8-bit grey image, with `rows` rows of zeros. */
export function pngHeader(width: number, height: number, rows: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, adaptive filter, no interlace
  const raw = Buffer.alloc(Math.min(rows, height) * (width + 1)); // one filter byte per row
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function noise(width: number, height: number): Promise<Sharp> {
  return sharp({ create: { width, height, channels: 3, background: '#7a6050', noise: { type: 'gaussian', mean: 120, sigma: 40 } } });
}

/** The corpus; `minDimension` is the service's EVIDENCE_MIN_DIMENSION. */
export async function imageCorpus(minDimension: number): Promise<ImageSample[]> {
  const side = minDimension + 16;
  const png = await (await noise(side, side)).png().toBuffer();
  const jpeg = await (await noise(side, side)).jpeg().toBuffer();
  const webp = await (await noise(side, side)).webp().toBuffer();
  const tiny = await (await noise(8, 8)).png().toBuffer();
  const gif = await (await noise(side, side)).gif().toBuffer();
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  const hugeJpeg = Buffer.from(jpeg);
  if (sof > 0) hugeJpeg.writeUInt32BE(65500 * 0x10000 + 65500, sof + 5); // SOF0: height, width after length+precision
  const samples: Array<[string, Buffer, string?, string?]> = [
    ['png', png],
    ['jpeg', jpeg, 'selfie.jpg', 'image/jpeg'],
    ['webp', webp, 'a.webp', 'image/webp'],
    ['tiny-png', tiny],
    ['gif', gif, 'a.gif', 'image/gif'],
    ['png-magic-garbage', Buffer.concat([PNG_SIGNATURE, Buffer.from('garbage that is not a chunk stream at all')])],
    ['png-truncated', png.subarray(0, Math.floor(png.length / 2))],
    ['png-bad-crc', Buffer.concat([png.subarray(0, 29), Buffer.from([0, 0, 0, 0]), png.subarray(33)])],
    ['jpeg-header-only', jpeg.subarray(0, 20), 'x.jpg', 'image/jpeg'],
    ['jpeg-truncated', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'x.jpg', 'image/jpeg'],
    ['jpeg-soi-only', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'x.jpg', 'image/jpeg'],
    ['jpeg-huge-sof', hugeJpeg, 'x.jpg', 'image/jpeg'],
    ['text-named-png', Buffer.from('this is a text file, honest\n')],
    ['svg-named-png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9999" height="9999"><script>alert(1)</script></svg>')],
    ['pdf-named-png', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\n')],
    ['png-bomb-100k', pngHeader(100_000, 100_000, 64)],
    ['png-bomb-header-only', pngHeader(50_000, 50_000, 0).subarray(0, 33)],
    ['png-zero-size', pngHeader(0, 0, 0)],
    ['webp-garbage', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(64, 0x41)]), 'a.webp', 'image/webp'],
    ['polyglot-png-html', Buffer.concat([png, Buffer.from('<html><script>alert(document.cookie)</script></html>')])],
    [
      'polyglot-jpeg-zip',
      Buffer.concat([jpeg, Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00evil.php<?php system($_GET[1]); ?>', 'latin1')]),
      'x.jpg',
      'image/jpeg',
    ],
    ['polyglot-gif-js', Buffer.from('GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1);//', 'latin1'), 'x.gif', 'image/gif'],
    ['jpeg-magic-html', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html>not really</html>')]), 'x.jpg', 'image/jpeg'],
    ['empty', Buffer.alloc(0)],
  ];
  return samples.map(([name, bytes, filename = 'selfie.png', contentType = 'image/png']) => ({ name, bytes, filename, contentType }));
}
