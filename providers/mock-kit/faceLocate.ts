import { fitBackdrop } from './faceBackdrop';
import type { Rgb } from './raster';

/** Head box in raster pixels, half-open: [x0, x1) × [y0, y1). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface FaceRegion {
  box: PixelBox;
  /** 1 where the pixel belongs to the person (holes filled), raster-sized. */
  mask: Uint8Array;
  /** Mean backdrop colour on the image border. */
  background: [number, number, number];
}

/** |ΔR|+|ΔG|+|ΔB| from the fitted backdrop above which a pixel is not backdrop. */
const FOREGROUND_DISTANCE = 40;
/** Rows/columns with fewer person pixels than this fraction do not stretch the box (stray noise). */
const MIN_LINE_FRACTION = 0.02;

/**
 * Finds the person in front of a plain backdrop: fit the backdrop to the image border, mark pixels
 * far from it, flood-fill the backdrop in from the border (so eyes or teeth that happen to match
 * the backdrop stay inside the head), then box the rest. Null when there is no plausible head.
 */
export function locateFace(img: Rgb): FaceRegion | null {
  const backdrop = fitBackdrop(img);
  if (!backdrop) return null;
  const { width: w, height: h, data } = img;
  const far = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      let d = 0;
      for (let c = 0; c < 3; c++) d += Math.abs(data[i * 3 + c]! - backdrop.at(c, x, y));
      far[i] = d > FOREGROUND_DISTANCE ? 1 : 0;
    }
  }
  const mask = fillFromBorder(far, w, h);
  const box = projectionBox(mask, w, h);
  if (!box || !plausibleHead(mask, box, w, h)) return null;
  return { box, mask, background: backdrop.mean };
}

/** Backdrop = near-backdrop pixels 4-connected to the border; everything else is the person. */
function fillFromBorder(far: Uint8Array, w: number, h: number): Uint8Array {
  const mask = new Uint8Array(w * h).fill(1);
  const queue = new Int32Array(w * h);
  let head = 0;
  let tail = 0;
  const visit = (i: number) => {
    if (far[i] === 0 && mask[i] === 1) {
      mask[i] = 0;
      queue[tail++] = i;
    }
  };
  for (let x = 0; x < w; x++) {
    visit(x);
    visit((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    visit(y * w);
    visit(y * w + w - 1);
  }
  while (head < tail) {
    const i = queue[head++]!;
    const x = i % w;
    if (x > 0) visit(i - 1);
    if (x < w - 1) visit(i + 1);
    if (i >= w) visit(i - w);
    if (i < w * (h - 1)) visit(i + w);
  }
  return mask;
}

function projectionBox(mask: Uint8Array, w: number, h: number): PixelBox | null {
  const rows = new Uint32Array(h);
  const cols = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x]) {
        rows[y]!++;
        cols[x]!++;
      }
    }
  }
  const ys = span(rows, Math.max(2, MIN_LINE_FRACTION * w));
  const xs = span(cols, Math.max(2, MIN_LINE_FRACTION * h));
  return ys && xs ? { x0: xs[0], x1: xs[1], y0: ys[0], y1: ys[1] } : null;
}

/** First and one-past-last index whose count reaches min. */
function span(counts: Uint32Array, min: number): [number, number] | null {
  let first = -1;
  let last = -1;
  counts.forEach((v, i) => {
    if (v < min) return;
    if (first < 0) first = i;
    last = i;
  });
  return first < 0 ? null : [first, last + 1];
}

/** Head and shoulders: clear of every edge, a solid blob, taller than wide, neither tiny nor everything. */
function plausibleHead(mask: Uint8Array, box: PixelBox, w: number, h: number): boolean {
  if (box.x0 === 0 || box.y0 === 0 || box.x1 === w || box.y1 === h) return false;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  let inside = 0;
  for (let y = box.y0; y < box.y1; y++) for (let x = box.x0; x < box.x1; x++) inside += mask[y * w + x]!;
  const coverOfImage = inside / (w * h);
  const boxOfImage = (bw * bh) / (w * h);
  const fill = inside / (bw * bh);
  const aspect = bh / bw;
  return coverOfImage > 0.04 && boxOfImage < 0.8 && fill > 0.45 && aspect > 0.8 && aspect < 2.5;
}
