import { describeFace, GRID, type FaceDescriptor } from './faceDescriptor';
import { locateFace } from './faceLocate';
import { faceRaster, type Rgb } from './raster';

/**
 * Same person at or above this similarity. Calibrated by face.test.ts over every fixture pair and
 * perturbed selfies (crop ≤ 8% per edge, brightness ×0.75–1.3, JPEG quality ≥ 60, rescale
 * 0.6–1.25): same person scored ≥ 0.95, different people ≤ 0.66, so 0.8 sits mid-gap.
 */
export const FACE_SIMILARITY_THRESHOLD = 0.8;

/**
 * Weights of the cues (sum 1). Structure (luma + gradients) separates people best; the silhouette
 * alone is weak (every head is an oval on shoulders once boxed) and chroma cannot tell two people
 * of similar skin and hair apart, so they only add to it.
 */
const WEIGHTS = { luma: 0.3, gradient: 0.25, silhouette: 0.2, chroma: 0.2, aspect: 0.05 } as const;

export interface FaceComparison {
  /** 0..1; 1 = the same drawing of the same face. */
  similarity: number;
  /** Each cue's own 0..1 score, for calibration and debugging. */
  cues: Record<keyof typeof WEIGHTS, number>;
}

/** Locates and describes the face in a raster; null when there is no plausible face. */
export function faceFromRaster(img: Rgb): FaceDescriptor | null {
  const region = locateFace(img);
  return region ? describeFace(img, region) : null;
}

/** Decodes an image (a selfie, or any photo) and describes the face in it. */
export async function faceFromImage(image: Buffer): Promise<FaceDescriptor | null> {
  return faceFromRaster(await faceRaster(image));
}

/** Compares two faces from their pixel descriptors: structure, shape and colour, all brightness-invariant. */
export function compareFaces(a: FaceDescriptor, b: FaceDescriptor): FaceComparison {
  const cues = {
    luma: Math.max(0, correlation(a.luma, b.luma)),
    gradient: Math.max(0, gradientCorrelation(a.luma, b.luma)),
    silhouette: overlap(a.silhouette, b.silhouette),
    chroma: bhattacharyya(a.chroma, b.chroma),
    aspect: Math.exp(-Math.abs(Math.log(a.aspect / b.aspect)) / 0.1),
  };
  let similarity = 0;
  for (const key of Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]) similarity += WEIGHTS[key] * cues[key];
  return { similarity, cues };
}

/** Normalised cross-correlation of two equally sized grids. */
function correlation(a: Float32Array, b: Float32Array): number {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Correlation of the luma gradient vectors (edges: eyes, brows, mouth, hairline, glasses). */
function gradientCorrelation(a: Float32Array, b: Float32Array): number {
  return correlation(gradients(a), gradients(b));
}

function gradients(g: Float32Array): Float32Array {
  const out = new Float32Array(2 * GRID * GRID);
  for (let y = 1; y < GRID - 1; y++) {
    for (let x = 1; x < GRID - 1; x++) {
      const i = y * GRID + x;
      out[2 * i] = g[i + 1]! - g[i - 1]!;
      out[2 * i + 1] = g[i + GRID]! - g[i - GRID]!;
    }
  }
  return out;
}

/** Soft intersection-over-union of two coverage grids. */
function overlap(a: Float32Array, b: Float32Array): number {
  let inter = 0,
    union = 0;
  for (let i = 0; i < a.length; i++) {
    inter += Math.min(a[i]!, b[i]!);
    union += Math.max(a[i]!, b[i]!);
  }
  return union > 0 ? inter / union : 0;
}

/** Bhattacharyya coefficient of two normalised histograms (1 = identical). */
function bhattacharyya(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.sqrt(a[i]! * b[i]!);
  return sum;
}
