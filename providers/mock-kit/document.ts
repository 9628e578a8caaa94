import jsQR from 'jsqr';
import sharp from 'sharp';
import { portraitFace } from './documentPortrait';
import { BACK_QR_RECT, CARD, CARD_ASPECT, FRONT_QR_RECT, type Rect } from './documentTemplate';
import type { FaceDescriptor } from './faceDescriptor';

/** A photo whose width/height is further than this from ID-1's is not the issuer's card. */
const ASPECT_TOLERANCE = 0.08;
/** Extra pixels around a template QR window, for cards that were rescaled or slightly shifted. */
const QR_SEARCH_MARGIN = 16;

export interface CardSideRead {
  /** Text of the QR at the template position, or null when there is none or it does not decode. */
  dataZone: string | null;
  /** Width/height close to the ID-1 template. */
  cardShaped: boolean;
}

export interface CardFrontRead extends CardSideRead {
  /** Face in the template's portrait window; null when absent or the image is not card-shaped. */
  portrait: FaceDescriptor | null;
}

/** Reads the front: data-zone QR and portrait, both at their template positions. */
export async function readCardFront(image: Buffer): Promise<CardFrontRead> {
  const card = await templateRaster(image);
  const portrait = card.cardShaped ? portraitFace(card.rgb) : null;
  return { dataZone: decodeQr(card.rgb, FRONT_QR_RECT), cardShaped: card.cardShaped, portrait };
}

/** Reads the back: its data-zone QR. */
export async function readCardBack(image: Buffer): Promise<CardSideRead> {
  const card = await templateRaster(image);
  return { dataZone: decodeQr(card.rgb, BACK_QR_RECT), cardShaped: card.cardShaped };
}

/** Decodes the image and stretches it to the template size, so template rectangles apply. */
async function templateRaster(image: Buffer): Promise<{ rgb: Buffer; cardShaped: boolean }> {
  const { autoOrient, hasAlpha } = await sharp(image).metadata();
  const { width, height } = autoOrient;
  const cardShaped = height > 0 && Math.abs(width / height / CARD_ASPECT - 1) <= ASPECT_TOLERANCE;
  // Skipping no-op steps matters here: a card decode is most of an uncached analysis.
  let pipeline = sharp(image).autoOrient();
  if (hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
  if (width !== CARD.width || height !== CARD.height) {
    pipeline = pipeline.resize(CARD.width, CARD.height, { fit: 'fill' });
  }
  const rgb = await pipeline.toColourspace('srgb').removeAlpha().raw().toBuffer();
  return { rgb, cardShaped };
}

/** jsQR over the template window (not the whole card: a tenth of the pixels, and no decoys). */
function decodeQr(rgb: Buffer, rect: Rect): string | null {
  const left = Math.max(0, rect.left - QR_SEARCH_MARGIN);
  const top = Math.max(0, rect.top - QR_SEARCH_MARGIN);
  const right = Math.min(CARD.width, rect.left + rect.width + QR_SEARCH_MARGIN);
  const bottom = Math.min(CARD.height, rect.top + rect.height + QR_SEARCH_MARGIN);
  const w = right - left,
    h = bottom - top;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = ((top + y) * CARD.width + left + x) * 3,
        dst = (y * w + x) * 4;
      rgba[dst] = rgb[src]!;
      rgba[dst + 1] = rgb[src + 1]!;
      rgba[dst + 2] = rgb[src + 2]!;
      rgba[dst + 3] = 255;
    }
  }
  const code = jsQR(rgba, w, h, { inversionAttempts: 'dontInvert' });
  if (!code) return null;
  // Byte-mode payload as UTF-8 (names keep their diacritics); fatal: mojibake is "unreadable".
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(code.binaryData));
  } catch {
    return null;
  }
}
