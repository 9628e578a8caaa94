import type { Rgb } from './raster';

/**
 * A backdrop is a smooth colour gradient (a wall, a photo studio sheet, the portrait window's
 * tint). RMS distance of the border from the fitted plane above which the border is a scene, not
 * a backdrop (sensor noise and JPEG stay well below it).
 */
const MAX_BORDER_RESIDUAL = 14;

export interface Backdrop {
  /** Expected colour channel value at (x, y). */
  at(channel: number, x: number, y: number): number;
  /** Mean border colour. */
  mean: [number, number, number];
}

/**
 * Fits colour = a + b·x + c·y per channel (least squares) to the 1-px image border. Null when the
 * border is not a plain backdrop: a textured scene, noise, or an object cut by the frame.
 */
export function fitBackdrop(img: Rgb): Backdrop | null {
  const border = borderPixels(img.width, img.height);
  const coef: [number, number, number][] = [];
  for (let c = 0; c < 3; c++) {
    const fit = fitPlane(border, (x, y) => img.data[(y * img.width + x) * 3 + c]!);
    if (!fit) return null;
    coef.push(fit);
  }
  const at = (c: number, x: number, y: number) => coef[c]![0] + coef[c]![1] * x + coef[c]![2] * y;
  let squares = 0;
  const mean: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < border.length; k += 2) {
    const x = border[k]!;
    const y = border[k + 1]!;
    for (let c = 0; c < 3; c++) {
      const v = img.data[(y * img.width + x) * 3 + c]!;
      squares += (v - at(c, x, y)) ** 2;
      mean[c]! += v;
    }
  }
  const n = border.length / 2;
  if (Math.sqrt(squares / (3 * n)) > MAX_BORDER_RESIDUAL) return null;
  return { at, mean: [mean[0] / n, mean[1] / n, mean[2] / n] };
}

/** Flat list x0, y0, x1, y1, … of the pixels on the image border. */
function borderPixels(w: number, h: number): Int32Array {
  const out: number[] = [];
  for (let x = 0; x < w; x++) out.push(x, 0, x, h - 1);
  for (let y = 1; y < h - 1; y++) out.push(0, y, w - 1, y);
  return Int32Array.from(out);
}

/** Least-squares plane through (x, y, value(x, y)) by the 3×3 normal equations; null if singular. */
function fitPlane(points: Int32Array, value: (x: number, y: number) => number): [number, number, number] | null {
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const b = [0, 0, 0];
  for (let k = 0; k < points.length; k += 2) {
    const row = [1, points[k]!, points[k + 1]!];
    const v = value(points[k]!, points[k + 1]!);
    for (let i = 0; i < 3; i++) {
      b[i]! += row[i]! * v;
      for (let j = 0; j < 3; j++) m[i * 3 + j]! += row[i]! * row[j]!;
    }
  }
  const d = det3(m);
  if (Math.abs(d) < 1e-9) return null;
  // Cramer's rule: replace column j by b.
  const solve = (j: number) => det3(m.map((v, idx) => (idx % 3 === j ? b[Math.floor(idx / 3)]! : v))) / d;
  return [solve(0), solve(1), solve(2)];
}

function det3(m: number[]): number {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}
