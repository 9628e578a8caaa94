import { CARD, PORTRAIT_RECT } from './documentTemplate';
import type { FaceDescriptor } from './faceDescriptor';
import { faceFromRaster } from './face';
import { cropToRaster } from './raster';

/**
 * Fraction trimmed off each side of the portrait window before looking for the face, so the
 * printed frame line (or a pixel of card bleeding in after a rescale) never touches the head box.
 */
const PORTRAIT_INSET = 0.02;

/**
 * Describes the face in the portrait window of a card (raw RGB already at template size). Framing
 * is reported relative to the whole window, as a selfie's is to its frame, so a re-photographed
 * portrait shows up as the same framing.
 */
export function portraitFace(card: Uint8Array): FaceDescriptor | null {
  const dx = Math.round(PORTRAIT_RECT.width * PORTRAIT_INSET);
  const dy = Math.round(PORTRAIT_RECT.height * PORTRAIT_INSET);
  const win = {
    left: PORTRAIT_RECT.left + dx,
    top: PORTRAIT_RECT.top + dy,
    width: PORTRAIT_RECT.width - 2 * dx,
    height: PORTRAIT_RECT.height - 2 * dy,
  };
  const face = faceFromRaster(cropToRaster(card, CARD.width, win));
  if (!face) return null;
  const fx = (v: number) => (dx + v * win.width) / PORTRAIT_RECT.width;
  const fy = (v: number) => (dy + v * win.height) / PORTRAIT_RECT.height;
  const f = face.framing;
  return { ...face, framing: { x0: fx(f.x0), x1: fx(f.x1), y0: fy(f.y0), y1: fy(f.y1) } };
}
