/**
 * A fake camera that films a fixture person: their selfie as a one-frame Y4M video, for Chromium's
 * `--use-file-for-fake-video-capture` (docs/references.md, "Local stand-ins: headless Chromium").
 * The recovery page's camera path (getUserMedia → canvas → JPEG) then captures that face, so a
 * browser test declares `selfieSource=camera` the way a real claimant's page does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUT = path.join(ROOT, 'test-artifacts', 'fake-camera');

/** Writes (once per call) and returns the path of a Y4M clip showing `person`'s selfie. */
export async function fakeCamera(person: string): Promise<string> {
  const source = path.join(ROOT, 'test', 'fixtures', 'identities', person, 'selfie.png');
  const meta = await sharp(source).metadata();
  // 4:2:0 chroma needs even dimensions.
  const width = meta.width - (meta.width % 2);
  const height = meta.height - (meta.height % 2);
  const { data } = await sharp(source)
    .extract({ left: 0, top: 0, width, height })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const frame = toI420(data, width, height);
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${person}.y4m`);
  // YUV4MPEG2 stream header, then one FRAME; Chromium loops the clip.
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`), Buffer.from('FRAME\n'), frame]));
  return file;
}

/** RGB → planar I420, ITU-R BT.601 limited range (what Chromium assumes for a Y4M clip). */
function toI420(rgb: Buffer, width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 1.5);
  const uOffset = width * height;
  const vOffset = uOffset + (width / 2) * (height / 2);
  const px = (x: number, y: number) => {
    const i = (y * width + x) * 3;
    return [rgb[i] ?? 0, rgb[i + 1] ?? 0, rgb[i + 2] ?? 0] as const;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = px(x, y);
      out[y * width + x] = clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b);
    }
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let [r, g, b] = [0, 0, 0];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const [pr, pg, pb] = px(x + dx, y + dy);
        r += pr / 4;
        g += pg / 4;
        b += pb / 4;
      }
      const i = (y / 2) * (width / 2) + x / 2;
      out[uOffset + i] = clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      out[vOffset + i] = clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  return out;
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
