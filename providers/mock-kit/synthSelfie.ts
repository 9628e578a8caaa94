import sharp from 'sharp';
import { PORTRAIT_RECT, SELFIE } from './documentTemplate';
import { faceExtents, faceSvg, type FaceParams } from './synthFace';
import { between, gaussian, type Rng } from './synthRandom';

/** Where the head box sits in a frame: margin is the minimum free fraction on each side. */
export interface Framing {
  width: number;
  height: number;
  margin: number;
  /** Shift of the head box centre, as a fraction of the frame size. */
  dx: number;
  dy: number;
}

/** The person as an SVG group fitted into a frame with the requested margin. */
export function placedFace(p: FaceParams, f: Framing): string {
  const box = faceExtents(p);
  const scale = Math.min((f.width * (1 - 2 * f.margin)) / (box.x1 - box.x0), (f.height * (1 - 2 * f.margin)) / (box.y1 - box.y0));
  const cx = f.width * (0.5 + f.dx) - ((box.x0 + box.x1) / 2) * scale;
  const cy = f.height * (0.5 + f.dy) - ((box.y0 + box.y1) / 2) * scale;
  return `<g transform="translate(${cx.toFixed(2)} ${cy.toFixed(2)}) scale(${scale.toFixed(4)})">${faceSvg(p)}</g>`;
}

/**
 * A new capture of the person: its own background gradient, a smaller and shifted head (so a crop
 * of up to 8% per edge never reaches it: margin ≥ 18%), side lighting, exposure and sensor noise.
 */
export async function renderSelfie(p: FaceParams, background: [string, string], rng: Rng): Promise<Buffer> {
  const { width, height } = SELFIE;
  const framing: Framing = {
    width,
    height,
    margin: between(rng, 0.19, 0.22),
    dx: between(rng, -0.02, 0.02),
    dy: between(rng, -0.02, 0.02),
  };
  const angle = Math.round(between(rng, 0, 360));
  const light = { angle: between(rng, 0, 2 * Math.PI), strength: between(rng, 0.1, 0.16) };
  const exposure = between(rng, 0.9, 1.05);
  const gradient =
    `<linearGradient id="bg" gradientTransform="rotate(${angle} 0.5 0.5)">` +
    `<stop offset="0" stop-color="${background[0]}"/><stop offset="1" stop-color="${background[1]}"/></linearGradient>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs>${gradient}</defs>` +
    `<rect width="100%" height="100%" fill="url(#bg)"/>${placedFace(p, framing)}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  sideLight(data, info.width, exposure, light);
  addSensorNoise(data, 1.8, rng);
  return toPng(data, info.width, info.height);
}

/**
 * A presentation attack: the document's own portrait re-photographed (cropped out of the front,
 * upscaled, slightly defocused, a bit darker, with sensor noise).
 */
export async function renderReplaySelfie(documentFront: Buffer, rng: Rng): Promise<Buffer> {
  const { data, info } = await sharp(documentFront)
    .extract(PORTRAIT_RECT)
    .resize(SELFIE.width, SELFIE.height)
    .blur(1.4)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  sideLight(data, info.width, 0.92, { angle: 0, strength: 0 });
  addSensorNoise(data, 1.8, rng);
  return toPng(data, info.width, info.height);
}

/**
 * Light falling from one side: a gain ramp of ±strength across the frame. Multiplicative, like real
 * illumination, so it changes brightness but not a surface's chromaticity (until it clips).
 */
function sideLight(rgb: Buffer, width: number, exposure: number, light: { angle: number; strength: number }): void {
  const height = rgb.length / 3 / width;
  const [ux, uy] = [Math.cos(light.angle), Math.sin(light.angle)];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const along = ((x / width - 0.5) * ux + (y / height - 0.5) * uy) * 2;
      const gain = exposure * (1 + light.strength * along);
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[i + c] = clampByte(rgb[i + c]! * gain);
    }
  }
}

/** Luminance noise: one value per pixel (compresses far better than independent channels). */
function addSensorNoise(rgb: Buffer, sigma: number, rng: Rng): void {
  for (let i = 0; i < rgb.length; i += 3) {
    const n = Math.round(gaussian(rng) * sigma);
    for (let c = 0; c < 3; c++) rgb[i + c] = clampByte(rgb[i + c]! + n);
  }
}

function toPng(rgb: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
