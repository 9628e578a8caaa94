/**
 * Checks an uploaded file by its content, never by its name or declared type: magic bytes first,
 * then a full decode, then the minimum size (Entra Face Check: photos ≥ 200×200). The image is then
 * re-encoded, which drops EXIF/GPS/ICC metadata (sharp keeps none unless asked) and applies the EXIF
 * orientation so what the vendor sees is what the camera saw.
 */
import sharp, { type OutputInfo } from 'sharp';
import { errors } from '../errors';

const MAGIC: ReadonlyArray<{ format: 'jpeg' | 'png' | 'webp'; test: (b: Buffer) => boolean }> = [
  { format: 'jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { format: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { format: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

export interface CleanImage {
  bytes: Buffer;
  width: number;
  height: number;
  format: 'jpeg' | 'png';
}

export async function inspectImage(part: string, input: Buffer, minDimension: number): Promise<CleanImage> {
  if (input.length === 0) throw errors.evidenceEmpty(part);
  const kind = MAGIC.find((m) => m.test(input));
  if (!kind) throw errors.evidenceNotImage(part);
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    // limitInputPixels guards against decompression bombs (a small file claiming a huge canvas).
    const pipeline = sharp(input, { failOn: 'error', limitInputPixels: 40_000_000 }).rotate();
    decoded =
      kind.format === 'png'
        ? await pipeline.png().toBuffer({ resolveWithObject: true })
        : await pipeline.jpeg({ quality: 92 }).toBuffer({ resolveWithObject: true });
  } catch {
    throw errors.evidenceUndecodable(part);
  }
  const { width, height } = decoded.info;
  if (width < minDimension || height < minDimension) throw errors.evidenceTooSmall(part, minDimension);
  return { bytes: decoded.data, width, height, format: kind.format === 'png' ? 'png' : 'jpeg' };
}
