import type { FaceRegion } from './faceLocate';
import { luma, type Rgb } from './raster';

/** The head box is resampled to GRID × GRID cells, whatever its size or aspect in the image. */
export const GRID = 32;
/** Chromaticity histogram: r = R/Σ in [0.15, 0.65), g = G/Σ in [0.15, 0.5), plus one "dark" bin. */
const CHROMA_BINS = 10;
const R_RANGE = [0.15, 0.65] as const;
const G_RANGE = [0.15, 0.5] as const;
/** Below this channel sum a pixel's chromaticity is mostly noise, so it votes for "dark" instead. */
const DARK_SUM = 150;

export interface FaceDescriptor {
  /** Luma per cell, zero-mean / unit-variance over the person, 0 on backdrop cells. */
  luma: Float32Array;
  /** Fraction of person pixels per cell (the silhouette: hair style, jaw, shoulders). */
  silhouette: Float32Array;
  /** Normalised chromaticity histogram of the person (brightness-invariant skin/hair/clothes colour). */
  chroma: Float32Array;
  /** Head box height / width. */
  aspect: number;
  /** Head box as fractions of the image: where the capture framed the person. */
  framing: { x0: number; y0: number; x1: number; y1: number };
  /** Backdrop chromaticity (r, g). */
  backdrop: [number, number];
}

/** Describes the person found by locateFace; linear in the raster size. */
export function describeFace(img: Rgb, region: FaceRegion): FaceDescriptor {
  const { box, mask, background } = region;
  const { width: w, data } = img;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const sum = new Float32Array(GRID * GRID);
  const count = new Float32Array(GRID * GRID);
  const area = new Float32Array(GRID * GRID);
  const chroma = new Float32Array(CHROMA_BINS * CHROMA_BINS + 1);
  for (let y = box.y0; y < box.y1; y++) {
    const gy = Math.floor(((y - box.y0) * GRID) / bh);
    for (let x = box.x0; x < box.x1; x++) {
      const cell = gy * GRID + Math.floor(((x - box.x0) * GRID) / bw);
      area[cell]!++;
      if (!mask[y * w + x]) continue;
      const i = (y * w + x) * 3;
      sum[cell]! += luma(data, i);
      count[cell]!++;
      voteChroma(chroma, data[i]!, data[i + 1]!, data[i + 2]!);
    }
  }
  const silhouette = count.map((c, k) => c / Math.max(1, area[k]!));
  const cellLuma = sum.map((s, k) => (count[k]! > 0 ? s / count[k]! : 0));
  const total = chroma.reduce((a, b) => a + b, 0) || 1;
  const bgSum = background[0] + background[1] + background[2] || 1;
  const { height: h } = img;
  return {
    luma: standardise(cellLuma, silhouette),
    silhouette,
    chroma: chroma.map((v) => v / total),
    aspect: bh / bw,
    framing: { x0: box.x0 / w, y0: box.y0 / h, x1: box.x1 / w, y1: box.y1 / h },
    backdrop: [background[0] / bgSum, background[1] / bgSum],
  };
}

/** Zero mean, unit variance over the person's cells (weighted by coverage): removes exposure. */
function standardise(values: Float32Array, weight: Float32Array): Float32Array {
  let wSum = 0;
  let mean = 0;
  values.forEach((v, k) => {
    wSum += weight[k]!;
    mean += v * weight[k]!;
  });
  mean /= wSum || 1;
  let squares = 0;
  values.forEach((v, k) => {
    squares += weight[k]! * (v - mean) ** 2;
  });
  const sd = Math.sqrt(squares / (wSum || 1)) || 1;
  return values.map((v, k) => ((v - mean) / sd) * weight[k]!);
}

/** Bilinear (soft) vote so a small colour shift moves weight between bins instead of jumping. */
function voteChroma(hist: Float32Array, r: number, g: number, b: number): void {
  const s = r + g + b;
  const bright = Math.min(1, s / DARK_SUM);
  hist[CHROMA_BINS * CHROMA_BINS]! += 1 - bright;
  if (bright === 0) return;
  const fr = clampBin(((r / s - R_RANGE[0]) / (R_RANGE[1] - R_RANGE[0])) * CHROMA_BINS - 0.5);
  const fg = clampBin(((g / s - G_RANGE[0]) / (G_RANGE[1] - G_RANGE[0])) * CHROMA_BINS - 0.5);
  const [r0, g0] = [Math.floor(fr), Math.floor(fg)];
  const [dr, dg] = [fr - r0, fg - g0];
  const [r1, g1] = [Math.min(r0 + 1, CHROMA_BINS - 1), Math.min(g0 + 1, CHROMA_BINS - 1)];
  hist[r0 * CHROMA_BINS + g0]! += bright * (1 - dr) * (1 - dg);
  hist[r1 * CHROMA_BINS + g0]! += bright * dr * (1 - dg);
  hist[r0 * CHROMA_BINS + g1]! += bright * (1 - dr) * dg;
  hist[r1 * CHROMA_BINS + g1]! += bright * dr * dg;
}

function clampBin(v: number): number {
  return Math.min(CHROMA_BINS - 1, Math.max(0, v));
}
