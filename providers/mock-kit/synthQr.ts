import QRCode from 'qrcode';
import sharp from 'sharp';
import { QR_QUIET_MODULES, type Rect } from './documentTemplate';

/**
 * Draws `text` as a QR symbol (ECC level M, byte mode so UTF-8 names survive) filling `rect` with
 * whole-pixel modules and its quiet zone, centred; returns raw RGB pixels of rect's size.
 */
export function qrRaster(text: string, rect: Rect): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const total = modules.size + 2 * QR_QUIET_MODULES;
  const px = Math.floor(Math.min(rect.width, rect.height) / total);
  if (px < 3) throw new Error(`QR too dense: ${modules.size} modules in ${rect.width}px (need ≥3 px/module)`);
  const ox = Math.floor((rect.width - modules.size * px) / 2);
  const oy = Math.floor((rect.height - modules.size * px) / 2);
  const raw = Buffer.alloc(rect.width * rect.height * 3, 255);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = oy + row * px; y < oy + (row + 1) * px; y++) {
        raw.fill(0, (y * rect.width + ox + col * px) * 3, (y * rect.width + ox + (col + 1) * px) * 3);
      }
    }
  }
  return raw;
}

/** Prints a data-zone QR onto a card image at rect (also how tests forge a tampered document). */
export async function printQr(card: Buffer, text: string, rect: Rect): Promise<Buffer> {
  const raw = qrRaster(text, rect);
  return sharp(card)
    .composite([{ input: raw, raw: { width: rect.width, height: rect.height, channels: 3 }, left: rect.left, top: rect.top }])
    .png({ compressionLevel: 9 })
    .toBuffer();
}
