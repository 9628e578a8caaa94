import sharp, { type Sharp } from 'sharp';

/** Packed 8-bit RGB pixels, row-major. */
export interface Rgb {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Working size for face analysis: a head box of ~100 px feeds the 32-cell grid; cheap to scan. */
export const FACE_RASTER = { width: 160, height: 200 } as const;

/** Decodes any image sharp reads to 8-bit RGB, flattened onto white, scaled to fit inside FACE_RASTER. */
export async function faceRaster(image: Buffer | Sharp): Promise<Rgb> {
  const pipeline = Buffer.isBuffer(image) ? sharp(image).autoOrient() : image;
  const { data, info } = await pipeline
    .flatten({ background: '#ffffff' })
    .resize({ ...FACE_RASTER, fit: 'inside' })
    .toColourspace('srgb') // grey, CMYK or 16-bit input still yields 8-bit RGB
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** Rec. 601 luma; only relative structure matters, so the exact weights are not critical. */
export function luma(data: Uint8Array, i: number): number {
  return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
}

/**
 * Box-filtered crop-and-shrink of a window of a packed RGB image, fitted inside FACE_RASTER. Done in
 * JS because handing a decoded card back to sharp for one small crop costs more than the work.
 */
export function cropToRaster(rgb: Uint8Array, srcWidth: number, win: Window): Rgb {
  const scale = Math.max(1, win.width / FACE_RASTER.width, win.height / FACE_RASTER.height);
  const width = Math.round(win.width / scale);
  const height = Math.round(win.height / scale);
  const xs = spans(width, scale, win.left);
  const ys = spans(height, scale, win.top);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = ys[2 * y]!; sy < ys[2 * y + 1]!; sy++) {
        for (let sx = xs[2 * x]!; sx < xs[2 * x + 1]!; sx++) {
          const i = (sy * srcWidth + sx) * 3;
          r += rgb[i]!;
          g += rgb[i + 1]!;
          b += rgb[i + 2]!;
        }
      }
      const n = (ys[2 * y + 1]! - ys[2 * y]!) * (xs[2 * x + 1]! - xs[2 * x]!);
      const o = (y * width + x) * 3;
      data[o] = r / n;
      data[o + 1] = g / n;
      data[o + 2] = b / n;
    }
  }
  return { width, height, data };
}

/** Source span [from, to) of each output index along one axis; at least one pixel wide. */
function spans(count: number, scale: number, offset: number): Int32Array {
  const out = new Int32Array(2 * count);
  for (let i = 0; i < count; i++) {
    const from = Math.floor(i * scale);
    out[2 * i] = offset + from;
    out[2 * i + 1] = offset + Math.max(Math.floor((i + 1) * scale), from + 1);
  }
  return out;
}

interface Window {
  left: number;
  top: number;
  width: number;
  height: number;
}
